using System.Text.Json;

namespace Gepa.Tests.Randomness;

public sealed class PythonIntSetTests
{
    // Produced by make_set_vectors.py from the real CPython set.
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-set", "set_order_vectors.json"))).RootElement.GetProperty("cases");

    public static TheoryData<int> CaseIndexes()
    {
        var data = new TheoryData<int>();
        for (var k = 0; k < Cases.GetArrayLength(); k++)
        {
            data.Add(k);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Operations_CPythonVectors_IterateInCPythonOrder(int index)
    {
        var sets = new Dictionary<string, PythonIntSet> { ["A"] = [], ["B"] = [], ["C"] = [] };
        var n = 0;
        foreach (var step in Cases[index].GetProperty("steps").EnumerateArray())
        {
            var dst = step.GetProperty("dst").GetString()!;
            PythonIntSet A() => sets[step.GetProperty("a").GetString()!];
            PythonIntSet B() => sets[step.GetProperty("b").GetString()!];
            var op = step.GetProperty("op").GetString();
            switch (op)
            {
                case "add": sets[dst].Add(step.GetProperty("key").GetInt32()); break;
                case "discard": sets[dst].Discard(step.GetProperty("key").GetInt32()); break;
                case "from_list": sets[dst] = new PythonIntSet(step.GetProperty("keys").EnumerateArray().Select(k => k.GetInt32())); break;
                case "copy": sets[dst] = A().Copy(); break;
                case "and": sets[dst] = A().Intersect(B()); break;
                case "sub": sets[dst] = A().Except(B()); break;
                case "or": sets[dst] = A().Union(B()); break;
                case "ior": sets[dst].Update(A()); break;
                case "isub": sets[dst].ExceptWith(A()); break;
                case "comprehension":
                    var m = step.GetProperty("mod").GetInt32();
                    var r = step.GetProperty("rem").GetInt32();
                    sets[dst] = new PythonIntSet(A().Where(x => PythonMod(x, m) != r));
                    break;
                case "clear": sets[dst].Clear(); break;
                default: throw new InvalidOperationException($"Unknown op {op}.");
            }

            var expected = step.GetProperty("expect").EnumerateArray().Select(k => k.GetInt32()).ToArray();
            Assert.True(expected.SequenceEqual(sets[dst]), $"case {index}, step {n} ({op}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", sets[dst])}]");
            Assert.Equal(expected.Length, sets[dst].Count);
            n++;
        }
    }

    [Fact]
    public void Enumerate_IndexesFromEightUp_FollowSlotsNotValues()
    {
        Assert.Equal(new[] { 8, 4 }, new PythonIntSet([4, 8]));
        Assert.Equal(new[] { 9, 11, 6 }, new PythonIntSet([6, 9, 11]));
    }

    [Fact]
    public void Add_FifthMember_GrowsTableAndReordersByNewSlots()
    {
        // In 8 slots there is no room for linear probing, so 9, 17 and 25 collide at slot 1 and are scattered by the
        // perturbation (to slots 6, 7 and 4); the fifth insertion grows the table to 32 slots, where each finds its own.
        var set = new PythonIntSet([1, 9, 17, 25]);
        Assert.Equal(new[] { 1, 25, 9, 17 }, set);
        set.Add(2);
        Assert.Equal(new[] { 1, 2, 9, 17, 25 }, set);
    }

    [Fact]
    public void Add_AfterDiscard_ReusesTheDummySlot()
    {
        var set = new PythonIntSet([1, 9]);
        set.Discard(1);
        set.Add(17);
        Assert.Equal(new[] { 17, 9 }, set);
        Assert.False(set.Contains(1));
        Assert.True(set.Contains(9));
    }

    [Fact]
    public void Intersect_SameSize_WalksTheRightOperand()
    {
        var left = new PythonIntSet([9, 1]);
        var right = new PythonIntSet([1, 9]);
        Assert.Equal(new[] { 9, 1 }, left);
        Assert.Equal(new[] { 1, 9 }, right);
        Assert.Equal(new[] { 1, 9 }, left.Intersect(right));
        Assert.Equal(new[] { 9, 1 }, right.Intersect(left));
    }

    private static int PythonMod(int x, int m) => ((x % m) + m) % m;
}
