namespace Gepa;

/// <summary>The bandit's discounted record of one component: how often it was rewritten, the validation score those
/// rewrites gained and the rollouts they cost.</summary>
internal sealed class BanditArm
{
    /// <summary>Gets or sets the discounted number of proposals that rewrote this component.</summary>
    public double Pulls { get; set; }

    /// <summary>Gets or sets the discounted validation score gained by those proposals.</summary>
    public double Gain { get; set; }

    /// <summary>Gets or sets the discounted rollouts those proposals cost.</summary>
    public double Cost { get; set; }
}
