namespace Gepa;

/// <summary>One validation example of a <see cref="ParetoFrontDocument"/>.</summary>
public sealed class ParetoFrontExample
{
    /// <summary>Gets or sets the validation example's index.</summary>
    public int Example { get; set; }

    /// <summary>Gets or sets the best score any candidate reached on it.</summary>
    public double BestScore { get; set; }

    /// <summary>Gets or sets the candidates that reach <see cref="BestScore"/> on it.</summary>
    public List<int> Candidates { get; set; } = [];
}
