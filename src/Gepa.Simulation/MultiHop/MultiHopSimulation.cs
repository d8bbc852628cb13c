using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>The <em>simulated</em> task and reflection models of the multi-hop world: deterministic functions of the
/// messages whose behaviour depends on the phrases each step's instruction contains (<see cref="MultiHopSkill"/>).</summary>
/// <remarks>Specified, with vectors, in <c>src/Gepa.Simulation/MultiHop/README.md</c>. The task model recognises the
/// step by the fields of the user message (<c>Passages</c>: summarize; <c>Summary</c>: write_query; <c>Notes</c>:
/// answer), reads only what the message shows, and knows nothing of the wiki but its entity names. A simulation
/// measures how the search behaves, not a language model.</remarks>
public sealed partial class MultiHopSimulation
{
    private readonly MultiHopSimulationOptions _options;
    private readonly IReadOnlyDictionary<string, FictionWikiEntityKind> _entities;
    private readonly Regex _entityPattern;

    /// <summary>Initializes the simulation.</summary>
    /// <param name="wiki">The wiki whose entity names the task model recognises.</param>
    /// <param name="options">The parameters; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A chance is outside [0, 1].</exception>
    public MultiHopSimulation(FictionWiki wiki, MultiHopSimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(wiki);
        _options = options ?? new MultiHopSimulationOptions();
        if (_options.Forget is < 0 or > 1 || double.IsNaN(_options.Forget))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Forget, $"MultiHopSimulationOptions.Forget must be in [0, 1]; it is {_options.Forget}.");
        }

        if (_options.Guess is < 0 or > 1 || double.IsNaN(_options.Guess))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Guess, $"MultiHopSimulationOptions.Guess must be in [0, 1]; it is {_options.Guess}.");
        }

        Wiki = wiki;
        _entities = wiki.Entities;
        var names = _entities.Keys.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).Select(Regex.Escape);
        _entityPattern = new Regex($@"\b(?:{string.Join("|", names)})\b", RegexOptions.CultureInvariant);
    }

    /// <summary>Gets the wiki.</summary>
    public FictionWiki Wiki { get; }

    /// <summary>Returns the skills an instruction switches on.</summary>
    /// <param name="instruction">The instruction.</param>
    /// <returns>The skills whose phrase it contains (ASCII case-insensitive), in <see cref="MultiHopSkill.All"/> order.</returns>
    public static IReadOnlyList<MultiHopSkill> SkillsIn(string instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var low = instruction.ToLowerInvariant();
        return [.. MultiHopSkill.All.Where(s => low.Contains(s.Phrase, StringComparison.Ordinal))];
    }

    /// <summary>The simulated task model: the reply to a step's system instruction and user message.</summary>
    /// <param name="system">The system message (the step's instruction).</param>
    /// <param name="user">The user message.</param>
    /// <returns>The reply.</returns>
    public string TaskReply(string system, string user)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(user);
        var skills = SkillsIn(system).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var fields = Fields(user);
        var question = fields.GetValueOrDefault("Question", string.Empty);
        if (fields.TryGetValue("Passages", out var passages))
        {
            return Summarize(Items(passages), skills);
        }

        if (fields.TryGetValue("Summary", out var summary))
        {
            return WriteQuery(question, summary, skills);
        }

        if (fields.TryGetValue("Notes", out var notes))
        {
            return JsonSerializer.Serialize(new Dictionary<string, string> { ["answer"] = Answer(question, Items(notes), skills) });
        }

        return string.Empty;
    }

    /// <summary>The simulated task model given chat messages: system messages joined by a line feed, and the last user
    /// message.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The reply.</returns>
    public string TaskReply(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        return TaskReply(
            string.Join("\n", list.Where(m => m.Role == ChatRole.System).Select(m => m.Text)),
            list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty);
    }

    /// <summary>The simulated reflection model: keeps the first line of the current instruction and writes one line per
    /// skill whose phrase is anywhere in the prompt (each left out with chance Forget), plus, with chance Guess, one
    /// skill drawn at random.</summary>
    /// <param name="prompt">The reflection prompt.</param>
    /// <returns>The reply: the new instruction in one fenced block; for a joint prompt (sections opened by
    /// <c>===== Step `name` =====</c>), one block per section whose info string is the step name.</returns>
    public string ReflectReply(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var sections = StepSection().Matches(prompt);
        if (sections.Count > 0)
        {
            return JointReply(prompt, sections);
        }

        return "```\n" + Rewrite(prompt) + "\n```";
    }

    // A joint prompt (one "===== Step `name` =====" section per step): each section is reflected on as if it were a
    // prompt of its own, and the reply has one block per step, named by its info string.
    private string JointReply(string prompt, MatchCollection sections)
    {
        var blocks = new List<string>();
        for (var i = 0; i < sections.Count; i++)
        {
            var end = i + 1 < sections.Count ? sections[i + 1].Index : prompt.Length;
            var section = prompt[sections[i].Index..end];
            blocks.Add("```" + sections[i].Groups[1].Value + "\n" + Rewrite(section) + "\n```");
        }

        return string.Join("\n\n", blocks);
    }

    private string Rewrite(string prompt)
    {
        var hx = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));
        var seed = _options.Seed;
        var kept = SkillsIn(prompt).Where(s => SimHash.U($"{seed}|forget|{hx}|{s.Id}") >= _options.Forget).ToList();
        if (SimHash.U($"{seed}|guess|{hx}") < _options.Guess)
        {
            var guessed = MultiHopSkill.All[(int)(SimHash.U($"{seed}|guessskill|{hx}") * MultiHopSkill.All.Count)];
            if (!kept.Contains(guessed))
            {
                kept.Add(guessed);
                kept = [.. MultiHopSkill.All.Where(kept.Contains)];
            }
        }

        var current = CurrentInstruction().Match(prompt);
        var baseLine = current.Success ? current.Groups[1].Value.Split('\n')[0].Trim() : "Follow the task.";
        return string.Join("\n", kept.Select(s => s.Text).Prepend(baseLine));
    }

    /// <summary>The simulated reflection model given chat messages: their contents joined by a line feed.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The reply.</returns>
    public string ReflectReply(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return ReflectReply(string.Join("\n", messages.Select(m => m.Text)));
    }

    /// <summary>Splits a user message into <c>Name: value</c> fields separated by blank lines.</summary>
    internal static Dictionary<string, string> Fields(string user)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var block in user.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            var m = FieldBlock().Match(block);
            if (m.Success)
            {
                fields.TryAdd(m.Groups[1].Value, m.Groups[2].Value.Trim());
            }
        }

        return fields;
    }

    private static List<string> Items(string list) =>
        [.. list.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => l.StartsWith("- ", StringComparison.Ordinal) ? l[2..] : l)];

    private static string[] Sentences(string text) => SentenceBreak().Split(text.Trim()).Where(s => s.Length > 0).ToArray();

    private static string Summarize(List<string> passages, HashSet<string> skills)
    {
        var considered = skills.Contains("S1") ? passages : passages.Take(1).ToList();
        var parts = new List<string>();
        foreach (var passage in considered)
        {
            var bar = passage.IndexOf(" | ", StringComparison.Ordinal);
            var sentences = Sentences(bar >= 0 ? passage[(bar + 3)..] : passage);
            parts.AddRange(skills.Contains("S2") ? sentences : sentences.Take(1));
        }

        return string.Join(" ", parts);
    }

    private string WriteQuery(string question, string summary, HashSet<string> skills)
    {
        if (!skills.Contains("W1"))
        {
            return question;
        }

        var anchors = Names(question).ToHashSet(StringComparer.Ordinal);
        var bridges = Sentences(summary.Replace('\n', ' '))
            .Where(s => Names(s).Any(anchors.Contains))
            .SelectMany(Names)
            .Where(n => !anchors.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return bridges.Count > 0 ? string.Join(" ", bridges) : question;
    }

    private string Answer(string question, List<string> notes, HashSet<string> skills)
    {
        var kb = new Dictionary<(string Relation, string Subject), string>();
        foreach (var sentence in notes.SelectMany(n => Sentences(n)))
        {
            foreach (var (relation, pattern) in s_facts)
            {
                var m = pattern.Match(sentence);
                if (m.Success)
                {
                    kb.TryAdd((relation, m.Groups[1].Value), m.Groups[2].Value);
                    if (relation == "founded")
                    {
                        kb.TryAdd(("founder", m.Groups[1].Value), m.Groups[3].Value);
                    }
                }
            }
        }

        string? Get(string relation, string? subject) => subject is not null && kb.TryGetValue((relation, subject), out var v) ? v : null;
        string? span = null;
        var kind = FictionWikiEntityKind.City;
        Match q;
        if ((q = BirthCityQuestion().Match(question)).Success)
        {
            span = Get("born", Get("director", q.Groups[1].Value));
        }
        else if ((q = BirthCountryQuestion().Match(question)).Success)
        {
            kind = FictionWikiEntityKind.Country;
            span = Get("country", Get("born", Get("director", q.Groups[1].Value)));
        }
        else if ((q = FounderQuestion().Match(question)).Success)
        {
            kind = FictionWikiEntityKind.Person;
            span = Get("founder", Get("employer", q.Groups[1].Value));
        }
        else if ((q = HqCountryQuestion().Match(question)).Success)
        {
            kind = FictionWikiEntityKind.Country;
            span = Get("country", Get("hq", Get("employer", q.Groups[1].Value)));
        }
        else if ((q = ComparisonQuestion().Match(question)).Success)
        {
            kind = FictionWikiEntityKind.Company;
            var (a, b) = (q.Groups[1].Value, q.Groups[2].Value);
            var (ya, yb) = (Get("founded", a), Get("founded", b));
            span = ya is not null && yb is not null ? (int.Parse(ya, CultureInfo.InvariantCulture) <= int.Parse(yb, CultureInfo.InvariantCulture) ? a : b) : a;
        }

        // When the chain breaks, the model guesses the first name of the right kind in the notes that the question
        // does not mention.
        var anchors = Names(question).ToHashSet(StringComparer.Ordinal);
        span ??= notes.SelectMany(Names).FirstOrDefault(n => !anchors.Contains(n) && _entities.GetValueOrDefault(n) == kind) ?? "unknown";
        if (!skills.Contains("A2") && _entities.GetValueOrDefault(span) == FictionWikiEntityKind.Person)
        {
            span = span[(span.LastIndexOf(' ') + 1)..];
        }

        return skills.Contains("A1") ? span : $"The answer is {span}.";
    }

    private IEnumerable<string> Names(string text) => _entityPattern.Matches(text).Select(m => m.Value);

    private static readonly (string Relation, Regex Pattern)[] s_facts =
    [
        ("born", new(@"^(.+) was born in (.+)\.$", RegexOptions.CultureInvariant)),
        ("employer", new(@"^(.+) works at (.+)\.$", RegexOptions.CultureInvariant)),
        ("hq", new(@"^(.+) is a company headquartered in (.+)\.$", RegexOptions.CultureInvariant)),
        ("founded", new(@"^(.+) was founded in (\d+) by (.+)\.$", RegexOptions.CultureInvariant)),
        ("director", new(@"^(.+) was directed by (.+)\.$", RegexOptions.CultureInvariant)),
        ("country", new(@"^(.+) is a city in (.+)\.$", RegexOptions.CultureInvariant)),
    ];

    [GeneratedRegex(@"^([A-Z][A-Za-z_]*):[ \n]([\s\S]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldBlock();

    [GeneratedRegex(@"(?<=\.)\s+(?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"```[^\n]*\n([\s\S]*?)\n```", RegexOptions.CultureInvariant)]
    private static partial Regex CurrentInstruction();

    [GeneratedRegex(@"^===== Step `([^`\n]+)` =====$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex StepSection();

    [GeneratedRegex(@"^In which city was the director of (.+) born\?$", RegexOptions.CultureInvariant)]
    private static partial Regex BirthCityQuestion();

    [GeneratedRegex(@"^In which country was the director of (.+) born\?$", RegexOptions.CultureInvariant)]
    private static partial Regex BirthCountryQuestion();

    [GeneratedRegex(@"^Who founded the company where (.+) works\?$", RegexOptions.CultureInvariant)]
    private static partial Regex FounderQuestion();

    [GeneratedRegex(@"^In which country is the company where (.+) works headquartered\?$", RegexOptions.CultureInvariant)]
    private static partial Regex HqCountryQuestion();

    [GeneratedRegex(@"^Which company was founded first, (.+) or (.+)\?$", RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonQuestion();
}
