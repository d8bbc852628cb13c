namespace Gepa;

/// <summary>What the reflection model is shown of each minibatch example: an ablation of GEPA's core idea, that a model
/// reading textual feedback learns more per rollout than one that sees a scalar reward.</summary>
public enum ReflectionSignal
{
    /// <summary>Everything the adapter reports: inputs, outputs and feedback (GEPA as designed).</summary>
    Feedback,

    /// <summary>Only each example's input and its score: no outputs, no feedback text (learning from the reward alone).</summary>
    ScoresOnly,

    /// <summary>Only each example's input: the model rewrites the instructions blindly (random search; the loop still keeps
    /// a rewrite only when it scores better on the minibatch).</summary>
    Blind,
}
