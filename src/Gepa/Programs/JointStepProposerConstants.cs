namespace Gepa;

/// <summary>Defaults of <see cref="JointStepProposerOptions"/> and the joint reflection prompt's format.</summary>
public static class JointStepProposerConstants
{
    /// <summary>The placeholder replaced by the step sections (each step's current instruction and records).</summary>
    public const string StepsPlaceholder = "<steps>";

    /// <summary>The placeholder replaced by the step names, comma-separated, in program order.</summary>
    public const string StepNamesPlaceholder = "<step_names>";

    /// <summary>The tag of the proposals this proposer makes (in events and logs).</summary>
    public const string ProposalTag = "joint_step_proposal";

    /// <summary>The default score at or above which a minibatch example counts as solved: 1.</summary>
    public const double DefaultPerfectScore = 1;

    /// <summary>The default joint reflection template (our wording). Each step's section opens with a line
    /// <c>===== Step `name` =====</c>; the reply is one fenced block per step whose info string is the step name.</summary>
    public const string DefaultTemplate =
        """
        You are improving a program made of several steps, each of which asks an AI assistant to follow its own instructions. The steps run in this order: <step_names>. For each step below you see its current instructions and examples of what it received, what it produced, and feedback on how the result should have been better.

        <steps>

        Work in three steps.
        1. Diagnose: for each step, work out from its inputs, outputs and feedback what it really has to do and why each weak result fell short. A step's output is the next step's input, so decide which step each failure belongs to.
        2. Keep what works: preserve every requirement that is still right in each step's instructions.
        3. Rewrite: write the complete new instructions of every step, not a list of edits, so that the steps work together on inputs they have never seen.

        Reply with one fenced block per step, in the order above, each opened with three backticks followed by the step's name (for example ```name), containing only that step's complete new instructions. Write the instructions of every step, even one you leave unchanged.
        """;
}
