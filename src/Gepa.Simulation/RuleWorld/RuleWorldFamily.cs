using System.Globalization;

namespace Gepa.Simulation;

/// <summary>A family of related <em>simulated</em> RuleWorld tasks for measuring cross-task memory, without any change to
/// the world's specification: members differ in their seed (their examples) and in how many of the 24 rules they can
/// require (the first R), so they share the popular low-numbered rules and differ in the rest; a task with R = 12 never
/// requires rules 13 to 24, so lessons about those are irrelevant to it (and, in the reference world, invisible to it).</summary>
public static class RuleWorldFamily
{
    /// <summary>The members: id and the number of rules each can require (T1 24, T2 16, T3 12, T4 24, T5 12).</summary>
    public static IReadOnlyList<(string Id, int Rules)> Members { get; } = [("T1", 24), ("T2", 16), ("T3", 12), ("T4", 24), ("T5", 12)];

    /// <summary>The validation split of every member: 30 examples, half the world's default, so that scoring starting
    /// candidates fits the capped share of a 500-rollout budget.</summary>
    public const int ValidationSize = 30;

    /// <summary>Builds the world options of one member.</summary>
    /// <param name="id">The member's id (<see cref="Members"/>).</param>
    /// <param name="seed">The repetition: another value is another instance of every member.</param>
    /// <param name="capacity">How many stated rules the task model follows (0: unlimited).</param>
    /// <returns>The options: one module, the member's rule count, <see cref="ValidationSize"/> validation examples, seed <c>family-&lt;id&gt;-&lt;seed&gt;</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a member.</exception>
    public static RuleWorldOptions Options(string id, int seed, int capacity)
    {
        var member = Members.FirstOrDefault(m => m.Id == id);
        if (member.Id is null)
        {
            throw new ArgumentException($"'{id}' is not a member of the RuleWorld family; the members are {string.Join(", ", Members.Select(m => m.Id))}.", nameof(id));
        }

        return new RuleWorldOptions
        {
            Seed = string.Create(CultureInfo.InvariantCulture, $"family-{id}-{seed}"),
            Rules = member.Rules,
            Capacity = capacity,
            Modules = 1,
            Val = ValidationSize,
        };
    }

    /// <summary>Describes a member as a user would: the topics its cases are about (those of the rules it can require).</summary>
    /// <param name="rules">The member's rule count.</param>
    /// <returns>The objective text.</returns>
    public static string Objective(int rules) =>
        "Reply to customer support cases about " + string.Join(", ", RuleWorld.Topics.Take(rules)) + ".";

    /// <summary>Finds the rule a text states (the first rule keyword it contains), as the task model would read it.</summary>
    /// <param name="text">A lesson or instruction line.</param>
    /// <returns>The 0-based rule index, or -1 when it states none.</returns>
    public static int RuleOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var low = RuleWorld.Lower(text);
        for (var j = 0; j < RuleWorld.RuleKeywords.Count; j++)
        {
            if (low.Contains(RuleWorld.RuleKeywords[j], StringComparison.Ordinal))
            {
                return j;
            }
        }

        return -1;
    }
}
