namespace Gepa.Simulation;

/// <summary>Default parameters, limits and names of RuleWorld, the deterministic simulated LLM world.</summary>
/// <remarks>The defaults are those of the Python reference (<c>rule_world.py</c>), so that worlds built with the
/// same parameters answer every call identically in both implementations.</remarks>
public static class RuleWorldConstants
{
    /// <summary>The default seed every hash is salted with.</summary>
    public const string DefaultSeed = "rules-v1";

    /// <summary>The default number of hidden rules.</summary>
    public const int DefaultRules = 24;

    /// <summary>The default number of training examples.</summary>
    public const int DefaultTrain = 60;

    /// <summary>The default number of validation examples.</summary>
    public const int DefaultVal = 60;

    /// <summary>The default number of test examples.</summary>
    public const int DefaultTest = 300;

    /// <summary>The default probability that a fully correct final step still answers wrongly.</summary>
    public const double DefaultNoise = 0.05;

    /// <summary>The default probability that feedback on a wrong answer names a missing rule.</summary>
    public const double DefaultInformative = 0.7;

    /// <summary>The default probability that the reflection model drops a rule it read.</summary>
    public const double DefaultForget = 0.1;

    /// <summary>The default probability that the reflection model adds a rule at random.</summary>
    public const double DefaultGuess = 0.2;

    /// <summary>The default number of rules the task model can follow at once (0 = unlimited).</summary>
    public const int DefaultCapacity = 0;

    /// <summary>The default skew of rule popularity (the number of uniforms multiplied per draw).</summary>
    public const int DefaultSkew = 2;

    /// <summary>The default number of pipeline modules.</summary>
    public const int DefaultModules = 1;

    /// <summary>The default reflection behaviour: the reference's full reflection, which reads every guideline in its prompt.</summary>
    public const RuleWorldReflection DefaultReflection = RuleWorldReflection.Full;

    /// <summary>The default number of failure records a limited reflection reads with full weight.</summary>
    public const int DefaultAttention = 3;

    /// <summary>The default factor by which a limited reflection's chance of reading each later failure record shrinks.</summary>
    public const double DefaultAttentionDecay = 0.5;

    /// <summary>The default extra drop probability per guideline a limited reflection read (longer prompts lose more).</summary>
    public const double DefaultDropGrowth = 0.01;

    /// <summary>The default probability that a limited reflection shown mixed feedback swaps a guideline for a wrong one.</summary>
    public const double DefaultMislead = 0.2;

    /// <summary>The default probability that one evaluation's score is flipped (0: the reference's repeatable metric).</summary>
    public const double DefaultMetricFlip = 0.0;

    /// <summary>The default first rule an example can require (0: the reference's, the first rules of the table).</summary>
    public const int DefaultRuleOffset = 0;

    /// <summary>The default number of rules the models know (0: rule-offset + rules, exactly those an example can
    /// require, as in the reference).</summary>
    public const int DefaultKnownRules = 0;

    /// <summary>The number of rules in the rule table, the largest allowed <see cref="RuleWorldOptions.Rules"/>.</summary>
    public const int MaxRules = 24;

    /// <summary>The smallest allowed <see cref="RuleWorldOptions.Rules"/>: an example needs up to three distinct rules.</summary>
    public const int MinRules = 3;

    /// <summary>The largest split size: example ids have at least three digits (<c>train-000</c> … <c>train-9999</c>); the cap keeps a typo from generating millions.</summary>
    public const int MaxSplitSize = 10000;

    /// <summary>The largest allowed <see cref="RuleWorldOptions.Skew"/>; beyond it drawing distinct rules takes too long.</summary>
    public const int MaxSkew = 8;

    /// <summary>The largest allowed <see cref="RuleWorldOptions.Modules"/>.</summary>
    public const int MaxModules = 3;

    /// <summary>The model id of the simulated task model.</summary>
    public const string TaskModelId = "rule-world-task";

    /// <summary>The model id of the simulated reflection model.</summary>
    public const string ReflectionModelId = "rule-world-reflect";

    /// <summary>The provider name shown for RuleWorld models; it says that they are simulated.</summary>
    public const string ProviderName = "rule-world (simulated)";
}
