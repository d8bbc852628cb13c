namespace Gepa;

/// <summary>A race's reading of a challenger against the incumbent on the validation examples both have scores on.</summary>
/// <param name="Shared">The number of examples both were scored on.</param>
/// <param name="Disagreements">The number of those on which their scores differ.</param>
/// <param name="Wins">The challenger's total margin where it scored higher.</param>
/// <param name="Losses">The challenger's total margin where it scored lower (positive).</param>
/// <param name="StandardError">The square root of the sum of squared differences: the spread of the net margin
/// if each difference were equally likely either way.</param>
/// <param name="CanStillWin">Whether the challenger might still beat the incumbent on the whole valset.</param>
/// <param name="HasWon">Whether the challenger is already significantly better than the incumbent.</param>
internal readonly record struct RaceVerdict(int Shared, int Disagreements, double Wins, double Losses, double StandardError, bool CanStillWin, bool HasWon)
{
    /// <summary>Gets the share of shared examples on which the two disagree.</summary>
    public double DisagreementRate => Shared == 0 ? 0 : (double)Disagreements / Shared;
}
