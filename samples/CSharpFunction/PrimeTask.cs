namespace CSharpFunction;

/// <summary>What the candidate must do: <c>public static class Primes { public static int Count(int n) }</c> returns how
/// many primes are below <c>n</c>. The tests and the benchmark size live here, with a reference count to check against.</summary>
public static class PrimeTask
{
    /// <summary>The class the candidate must declare.</summary>
    public const string TypeName = "Primes";

    /// <summary>The method the candidate must declare.</summary>
    public const string MethodName = "Count";

    /// <summary>The benchmark's argument.</summary>
    public const int BenchmarkN = 1_000_000;

    /// <summary>The benchmark time, in milliseconds, that earns the full speed objective.</summary>
    public const double TargetMilliseconds = 10;

    /// <summary>The naive seed: correct, but slow.</summary>
    public const string Seed = """
        public static class Primes
        {
            public static int Count(int n)
            {
                var count = 0;
                for (var i = 2; i < n; i++)
                {
                    var prime = true;
                    for (var d = 2; d * d <= i; d++)
                    {
                        if (i % d == 0) { prime = false; break; }
                    }

                    if (prime) count++;
                }

                return count;
            }
        }
        """;

    /// <summary>Gets the test inputs.</summary>
    public static IReadOnlyList<int> Inputs { get; } = [0, 1, 2, 3, 4, 10, 11, 100, 1000, 7919, 7920, 100_000];

    /// <summary>The number of primes below <paramref name="n"/>, by a sieve: the answer key.</summary>
    /// <param name="n">The bound.</param>
    /// <returns>The count.</returns>
    public static int Expected(int n)
    {
        if (n < 3)
        {
            return 0;
        }

        var composite = new bool[n];
        var count = 0;
        for (var i = 2; i < n; i++)
        {
            if (composite[i])
            {
                continue;
            }

            count++;
            for (var j = (long)i * i; j < n; j += i)
            {
                composite[j] = true;
            }
        }

        return count;
    }
}
