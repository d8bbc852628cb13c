using System.Globalization;

namespace Gepa.Cli.Benchmarks;

/// <summary>The mean and sample standard deviation of a set of values.</summary>
/// <param name="Mean">The mean.</param>
/// <param name="Sd">The sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.</param>
internal readonly record struct MeanSd(double Mean, double Sd)
{
    /// <summary>Computes the mean and standard deviation of <paramref name="values"/>.</summary>
    /// <param name="values">The values; at least one.</param>
    /// <returns>The statistics.</returns>
    public static MeanSd Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        if (list.Count == 0)
        {
            return new MeanSd(double.NaN, double.NaN);
        }

        var mean = list.Average();
        var sd = list.Count < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
        return new MeanSd(mean, sd);
    }

    /// <summary>Formats as <c>mean ± sd</c>.</summary>
    /// <param name="format">The number format of both parts.</param>
    /// <returns>The text.</returns>
    public string Format(string format) =>
        Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + Sd.ToString(format, CultureInfo.InvariantCulture);
}
