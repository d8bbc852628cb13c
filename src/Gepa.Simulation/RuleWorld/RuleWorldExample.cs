namespace Gepa.Simulation;

/// <summary>One example (a simulated customer case) of a RuleWorld split.</summary>
/// <remarks>The answer can only be given by a task model whose instructions state every rule in
/// <see cref="RequiredRules"/>; the input names the rules' topics, never the rules themselves.</remarks>
public sealed class RuleWorldExample
{
    /// <summary>Initializes a new example.</summary>
    /// <param name="id">The id, such as <c>train-007</c>.</param>
    /// <param name="split">The split: <c>train</c>, <c>val</c> or <c>test</c>.</param>
    /// <param name="input">The case text the task model reads.</param>
    /// <param name="answer">The correct answer, such as <c>ANS-93D94E</c>.</param>
    /// <param name="requiredRules">The 0-based indexes of the rules the answer needs, ascending.</param>
    public RuleWorldExample(string id, string split, string input, string answer, IReadOnlyList<int> requiredRules)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(requiredRules);
        Id = id;
        Split = split;
        Input = input;
        Answer = answer;
        RequiredRules = [.. requiredRules];
    }

    /// <summary>Gets the id, such as <c>train-007</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the split: <c>train</c>, <c>val</c> or <c>test</c>.</summary>
    public string Split { get; }

    /// <summary>Gets the case text the task model reads.</summary>
    public string Input { get; }

    /// <summary>Gets the correct answer.</summary>
    public string Answer { get; }

    /// <summary>Gets the 0-based indexes of the rules the answer needs, ascending.</summary>
    public IReadOnlyList<int> RequiredRules { get; }

    /// <summary>Returns the example's id.</summary>
    /// <returns>The id.</returns>
    public override string ToString() => Id;
}
