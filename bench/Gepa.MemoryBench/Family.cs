using Gepa.Simulation;

namespace Gepa.MemoryBench;

/// <summary>One member of a family: its id and the window of the rule table its examples can require.</summary>
/// <param name="Id">The member's id.</param>
/// <param name="Offset">The window's first rule (0-based).</param>
/// <param name="Rules">The window's size.</param>
internal sealed record Member(string Id, int Offset, int Rules)
{
    /// <summary>Whether an example of this member can require the rule.</summary>
    public bool Requires(int rule) => rule >= Offset && rule < Offset + Rules;
}

/// <summary>A SIMULATED family of RuleWorld tasks the benchmark runs: <c>prefix</c>, the original (members require the
/// first R rules and know only those), or <c>windows</c> (members require windows of one table they all know).</summary>
/// <param name="Name">The name given to <c>--family</c>.</param>
/// <param name="Members">The members.</param>
/// <param name="Options">A member's world options from its id, the repetition and the capacity.</param>
/// <param name="Title">How tables name the family.</param>
/// <param name="UnrelatedNote">Which targets the unrelated-memory arm runs on, for tables.</param>
/// <param name="HasUnrelated">Whether the unrelated-memory arm runs on a member.</param>
internal sealed record Family(string Name, IReadOnlyList<Member> Members, Func<string, int, int, RuleWorldOptions> Options, string Title, string UnrelatedNote, Func<Member, bool> HasUnrelated)
{
    /// <summary>The original family: T1 (24 rules), T2 (16), T3 (12), T4 (24), T5 (12); a lesson about a rule a member
    /// cannot require is invisible to it. Unrelated memory runs on the twelve-rule members only, as before.</summary>
    public static Family Prefix { get; } = new(
        "prefix",
        [.. RuleWorldFamily.Members.Select(m => new Member(m.Id, 0, m.Rules))],
        RuleWorldFamily.Options,
        "RuleWorld family T1–T5",
        "`unrelated memory` only on the twelve-rule targets T3 and T5 (its cold column is theirs)",
        m => m.Rules <= 12);

    /// <summary>The window family (<see cref="RuleWorldWindowFamily"/>): every member knows all 24 rules and requires 12,
    /// so lessons about the rest are visible and irrelevant. Unrelated memory runs on every member.</summary>
    public static Family Windows { get; } = new(
        "windows",
        [.. RuleWorldWindowFamily.Members.Select(m => new Member(m.Id, m.Offset, m.Rules))],
        RuleWorldWindowFamily.Options,
        "RuleWorld window family W1–W5, every member knowing all 24 rules and requiring 12",
        "`unrelated memory` on every target, from a bank holding only the lessons about rules outside its window",
        _ => true);

    /// <summary>Gets the families by name.</summary>
    public static IReadOnlyList<Family> All { get; } = [Prefix, Windows];

    /// <summary>Describes a member as a user would: the topics of the rules it can require.</summary>
    public static string Objective(Member member) =>
        member.Offset == 0 ? RuleWorldFamily.Objective(member.Rules) : RuleWorldWindowFamily.Objective(member.Offset, member.Rules);

    /// <summary>Finds a member by id.</summary>
    public Member Member(string id) => Members.First(m => m.Id == id);
}
