namespace Gepa;

/// <summary>How a <see cref="JointStepProposer{TExample}"/> chooses steps and words its reflection call.</summary>
public sealed class JointStepProposerOptions
{
    /// <summary>Gets the steps rewritten together, by name; empty means every component of the parent.</summary>
    public IList<string> Steps { get; } = [];

    /// <summary>Gets or sets the joint reflection template; it must contain
    /// <see cref="JointStepProposerConstants.StepsPlaceholder"/>.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="JointStepProposerConstants.DefaultTemplate"/>.</value>
    public string? Template { get; set; }

    /// <summary>Gets or sets whether a minibatch on which the parent already scores at least <see cref="PerfectScore"/>
    /// everywhere is skipped without a reflection call (as the engine's reflective mutation does).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SkipPerfectScore { get; set; } = true;

    /// <summary>Gets or sets the score that counts as perfect (finite).</summary>
    /// <value>The default is <see cref="JointStepProposerConstants.DefaultPerfectScore"/>.</value>
    public double PerfectScore { get; set; } = JointStepProposerConstants.DefaultPerfectScore;
}
