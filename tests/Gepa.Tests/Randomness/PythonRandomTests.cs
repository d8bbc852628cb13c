using System.Text.Json;

namespace Gepa.Tests.Randomness;

public sealed class PythonRandomTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", "python_random_vectors.json"))).RootElement.GetProperty("cases");

    public static TheoryData<long> Seeds()
    {
        var data = new TheoryData<long>();
        foreach (var c in Cases.EnumerateArray())
        {
            data.Add(c.GetProperty("seed").GetInt64());
        }

        return data;
    }

    private static JsonElement Case(long seed) => Cases.EnumerateArray().First(c => c.GetProperty("seed").GetInt64() == seed);

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt32())];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void GetRandBits_Seed_MatchesCPython(long seed)
    {
        var r = new PythonRandom(seed);
        var expected = Case(seed).GetProperty("getrandbits32_x8").EnumerateArray().Select(x => x.GetUInt32()).ToArray();
        Assert.Equal(expected, Enumerable.Range(0, 8).Select(_ => r.GetRandBits(32)).ToArray());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void NextDouble_Seed_MatchesCPythonBitForBit(long seed)
    {
        var r = new PythonRandom(seed);
        var expected = Case(seed).GetProperty("random_x5").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var actual = Enumerable.Range(0, 5).Select(_ => r.NextDouble()).ToArray();
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Shuffle_Seed_MatchesCPython(long seed)
    {
        var r = new PythonRandom(seed);
        var list = Enumerable.Range(0, 10).ToList();
        r.Shuffle(list);
        Assert.Equal(Ints(Case(seed).GetProperty("shuffle_range10")), list);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Choice_Seed_MatchesCPython(long seed)
    {
        var r = new PythonRandom(seed);
        var actual = new[] { 1, 2, 3, 6, 7, 100 }.Select(n => r.Choice(Enumerable.Range(0, n).ToList())).ToArray();
        Assert.Equal(Ints(Case(seed).GetProperty("choice_len_1_2_3_6_7_100")), actual);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Sample_Seed_MatchesCPython(long seed)
    {
        var r = new PythonRandom(seed);
        var expected = Case(seed).GetProperty("sample_range5_k2_then_range30_k2").EnumerateArray().Select(Ints).ToArray();
        Assert.Equal(expected[0], r.Sample(Enumerable.Range(0, 5).ToList(), 2));
        Assert.Equal(expected[1], r.Sample(Enumerable.Range(0, 30).ToList(), 2));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Choices_Seed_MatchesCPython(long seed)
    {
        var r = new PythonRandom(seed);
        var expected = Case(seed).GetProperty("choices_weights_[0.5,0.25,0.25]_k3").EnumerateArray().Select(x => x.GetString()!).ToArray();
        Assert.Equal(expected, r.Choices(["a", "b", "c"], [0.5, 0.25, 0.25], 3));

        r = new PythonRandom(seed);
        Assert.Equal(Ints(Case(seed).GetProperty("choices_unweighted_range7_k4")), r.Choices(Enumerable.Range(0, 7).ToList(), null, 4));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandInt_Seed_MatchesCPython(long seed)
    {
        var r = new PythonRandom(seed);
        Assert.Equal(Ints(Case(seed).GetProperty("randint_0_9_x5")), Enumerable.Range(0, 5).Select(_ => r.RandInt(0, 9)).ToArray());
    }

    [Fact]
    public void Choices_AllWeightsZero_Throws()
    {
        var r = new PythonRandom(0);
        Assert.Throws<ArgumentException>(() => r.Choices([1, 2], [0.0, 0.0]));
    }

    [Fact]
    public void Sample_LargePopulation_UsesSetMethodAndReturnsDistinct()
    {
        var r = new PythonRandom(7);
        var sample = r.Sample(Enumerable.Range(0, 1000).ToList(), 50);
        Assert.Equal(50, sample.Distinct().Count());
    }

    [Fact]
    public void FromState_RestoredMidSequence_ContinuesTheSameSequence()
    {
        var r = new PythonRandom(42);
        _ = Enumerable.Range(0, 700).Select(_ => r.NextUInt32()).ToList();
        var copy = PythonRandom.FromState(r.GetState());
        Assert.Equal(Enumerable.Range(0, 1000).Select(_ => r.NextUInt32()), Enumerable.Range(0, 1000).Select(_ => copy.NextUInt32()));
    }

    [Fact]
    public void Constructor_NegativeSeed_UsesAbsoluteValueLikeCPython()
    {
        Assert.Equal(new PythonRandom(5).NextDouble(), new PythonRandom(-5).NextDouble());
    }
}
