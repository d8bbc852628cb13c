using System.Globalization;

namespace Gepa.Simulation;

/// <summary>A family of related <em>simulated</em> RuleWorld tasks in which lessons can be irrelevant and still visible:
/// every member knows all 24 rules of the table (<see cref="RuleWorldOptions.KnownRules"/> 24) but requires only a window
/// of 12 (<see cref="RuleWorldOptions.RuleOffset"/> 0, 3, 6, 9, 12). A guideline about a rule outside a member's window is
/// read by its reflection and its task model and takes a place under a capacity, though no example of it needs the rule
/// (src/Gepa.Simulation/RuleWorld/README.md).</summary>
/// <remarks>Neighbours share 9 of their 12 rules, members two apart 6, three apart 3, and W1 and W5 none, so every member's
/// leave-one-out bank holds lessons from closely and from distantly related tasks. Within a window the first rules are the
/// popular ones, so a neighbour's most common lessons are partly about rules the member never needs.</remarks>
public static class RuleWorldWindowFamily
{
    /// <summary>The number of rules each member can require.</summary>
    public const int WindowSize = 12;

    /// <summary>The members: id, the first rule of the window (0-based) and the window's size.</summary>
    public static IReadOnlyList<(string Id, int Offset, int Rules)> Members { get; } =
        [("W1", 0, WindowSize), ("W2", 3, WindowSize), ("W3", 6, WindowSize), ("W4", 9, WindowSize), ("W5", 12, WindowSize)];

    /// <summary>Builds the world options of one member.</summary>
    /// <param name="id">The member's id (<see cref="Members"/>).</param>
    /// <param name="seed">The repetition: another value is another instance of every member.</param>
    /// <param name="capacity">How many stated rules the task model follows (0: unlimited).</param>
    /// <returns>The options: one module, the member's window, every rule known, <see cref="RuleWorldFamily.ValidationSize"/>
    /// validation examples, seed <c>windows-&lt;id&gt;-&lt;seed&gt;</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a member.</exception>
    public static RuleWorldOptions Options(string id, int seed, int capacity)
    {
        var member = Members.FirstOrDefault(m => m.Id == id);
        if (member.Id is null)
        {
            throw new ArgumentException($"'{id}' is not a member of the RuleWorld window family; the members are {string.Join(", ", Members.Select(m => m.Id))}.", nameof(id));
        }

        return new RuleWorldOptions
        {
            Seed = string.Create(CultureInfo.InvariantCulture, $"windows-{id}-{seed}"),
            Rules = member.Rules,
            RuleOffset = member.Offset,
            KnownRules = RuleWorldConstants.MaxRules,
            Capacity = capacity,
            Modules = 1,
            Val = RuleWorldFamily.ValidationSize,
        };
    }

    /// <summary>Describes a member as a user would: the topics its cases are about (those of the rules in its window).</summary>
    /// <param name="offset">The window's first rule.</param>
    /// <param name="rules">The window's size.</param>
    /// <returns>The objective text.</returns>
    public static string Objective(int offset, int rules) =>
        "Reply to customer support cases about " + string.Join(", ", RuleWorld.Topics.Skip(offset).Take(rules)) + ".";
}
