namespace Gepa;

// CA2208: the 'parameter' named in each ArgumentException is the option the user set (see GepaOptionsValidator).
#pragma warning disable CA2208

/// <summary>Checks the adaptive budget options, with messages that name the option and the accepted range.</summary>
internal static class AdaptiveBudgetOptionsValidator
{
    private const string Prefix = nameof(GepaOptions.Adaptive) + ".";

    public static void Validate(AdaptiveBudgetOptions a)
    {
        AtLeast(a.FocusedFailures, 1, nameof(a.FocusedFailures));
        AtLeast(a.MinibatchGuards, 0, nameof(a.MinibatchGuards));
        AtLeast(a.MinFirstStage, 1, nameof(a.MinFirstStage));
        AtLeast(a.MaxFirstStage, a.MinFirstStage, nameof(a.MaxFirstStage));
        AtLeast(a.InitialFirstStage, 1, nameof(a.InitialFirstStage));
        Above(a.TargetDisagreements, 0, nameof(a.TargetDisagreements));
        Above(a.StageGrowth, 1, nameof(a.StageGrowth));
        Range(a.LossConfidence, 0, 10, nameof(a.LossConfidence));
        Range(a.WinConfidence, 0, 10, nameof(a.WinConfidence));
        AtLeast(a.TieLimit, 1, nameof(a.TieLimit));
        Range(a.MovementSmoothing, double.Epsilon, 1, nameof(a.MovementSmoothing));
        Range(a.BanditExploration, 0, 100, nameof(a.BanditExploration));
        Range(a.BanditDiscount, double.Epsilon, 1, nameof(a.BanditDiscount));
        Range(a.MergeDiversityThreshold, double.Epsilon, 0.5, nameof(a.MergeDiversityThreshold));
        Range(a.MaxMergeBudgetShare, 0, 1, nameof(a.MaxMergeBudgetShare));
    }

    private static void AtLeast(int value, int min, string name)
    {
        if (value < min)
        {
            throw new ArgumentException($"{Prefix}{name} is {value}; it must be at least {min}.", Prefix + name);
        }
    }

    private static void Above(double value, double min, string name)
    {
        if (!(value > min) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{Prefix}{name} is {value}; it must be a finite number above {min}.", Prefix + name);
        }
    }

    private static void Range(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentException($"{Prefix}{name} is {value}; it must be between {(min == double.Epsilon ? "0 (exclusive)" : min)} and {max}.", Prefix + name);
        }
    }
}
