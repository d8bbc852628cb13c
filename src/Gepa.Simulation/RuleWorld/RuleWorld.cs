using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>RuleWorld: a deterministic <em>simulated</em> LLM world (task model, metric with textual feedback, and
/// reflection model) in which GEPA can run offline, be tested exactly and be benchmarked.</summary>
/// <remarks>
/// <para>It simulates the search dynamics of prompt optimization, not language quality: each example needs some hidden
/// rules (guidelines); the task model answers right only when its instructions state every one of them; the metric's
/// feedback sometimes names a missing rule; the reflection model writes an instruction that states the rules it read
/// in its prompt, but sometimes forgets one or guesses one. Nothing here is a real model.</para>
/// <para>Every answer is byte-for-byte that of the Python reference <c>rule_world.py</c> with the same parameters.
/// Randomness comes only from SHA-256 of text, so a world is a pure function of its <see cref="RuleWorldOptions"/>.
/// Instances are thread-safe and, unless <see cref="RuleWorldOptions.MetricFlip"/> is above 0 (a noisy metric, which
/// counts repeats of each evaluation), immutable.</para>
/// <para>The project extends the reference with options whose defaults keep it byte-for-byte: a limited reflection
/// (<see cref="RuleWorldOptions.Reflection"/>), a noisy metric (<see cref="RuleWorldOptions.MetricFlip"/>) and known rules
/// no example requires (<see cref="RuleWorldOptions.RuleOffset"/>, <see cref="RuleWorldOptions.KnownRules"/>); they are
/// specified in <c>src/Gepa.Simulation/RuleWorld/README.md</c>.</para>
/// </remarks>
public sealed partial class RuleWorld
{
    /// <summary>The instruction every module starts from: it states no rule.</summary>
    public const string BaseInstruction = "Solve the case and give the final answer on a line starting with 'Answer:'.";

    /// <summary>The reply of the task model to a message it cannot place (no known case, or a wrong step).</summary>
    public const string UnknownReply = "Rules applied: none\nAnswer: UNKNOWN";

    // The tables are copied exactly from the reference: keyword (what the task model looks for in its instructions,
    // lower-cased) and text (what the reflection model writes and the feedback quotes).
    private static readonly string[] s_keywords =
    [
        "kelvin", "iso 8601", "two decimal places", "spell out numbers", "order number verbatim", "kilometres",
        "24-hour clock", "policy section", "last four digits", "before tax", "responsible team", "one decimal place",
        "ounces", "ticket priority", "warranty expiry", "surname", "carriers alphabetically", "time zone", "litres",
        "sku-", "metres per second", "tier two", "language code", "checksum letter",
    ];

    private static readonly string[] s_texts =
    [
        "Report every temperature in kelvin.",
        "Write all dates in ISO 8601 form (YYYY-MM-DD).",
        "Round money amounts to two decimal places.",
        "Spell out numbers below ten as words.",
        "Quote the customer's order number verbatim.",
        "Convert distances to kilometres.",
        "Use 24-hour clock times.",
        "Cite the policy section in square brackets.",
        "Mask all but the last four digits of card numbers.",
        "State refund amounts before tax.",
        "Name the responsible team in capital letters.",
        "Express percentages with one decimal place.",
        "Give weights in pounds and ounces.",
        "Add the ticket priority as P1 to P4.",
        "Mention the warranty expiry date.",
        "Refer to the customer by surname only.",
        "List shipping carriers alphabetically.",
        "Include the store's time zone abbreviation.",
        "Convert volumes to litres.",
        "Prefix product codes with SKU-.",
        "Report speeds in metres per second.",
        "Escalate safety complaints to tier two.",
        "Answer in the customer's language code, such as en-GB.",
        "End with the case's checksum letter.",
    ];

    private static readonly string[] s_topics =
    [
        "a temperature reading", "a delivery date", "a price dispute", "a count of items",
        "an order lookup", "a travel distance", "an opening hour", "a policy question",
        "a card payment", "a refund request", "a team handover", "a discount rate",
        "a parcel weight", "an urgent ticket", "a warranty question", "a customer greeting",
        "a shipping choice", "a store location", "a liquid product", "a product code",
        "a delivery drone", "a safety complaint", "a foreign customer", "a case closure",
    ];

    private static readonly string[][] s_moduleNames =
    [
        ["system_prompt"],
        ["query", "answer"],
        ["plan", "query", "answer"],
    ];

    private static readonly string[] s_splits = ["train", "val", "test"];

    // Hash keys and ids format numbers as the reference does, whatever the current culture.
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly RuleWorldOptions _options;
    private readonly string _seed;
    private readonly int _rules;

    // The first rule an example can require, and how many rules of the table the models know (both the reference's
    // unless the options say otherwise: offset 0, known = rules).
    private readonly int _offset;
    private readonly int _known;
    private readonly int _modules;
    private readonly RuleWorldExample[][] _splits;
    private readonly Dictionary<string, RuleWorldExample> _byId = new(StringComparer.Ordinal);

    // How often each (example, reply) pair has been scored: only with a metric-flip above 0, where each repeat draws afresh.
    private readonly ConcurrentDictionary<string, int> _repeats = new(StringComparer.Ordinal);

    // The sentences that open the metric's feedback: the limited reflection finds failure records (and successes) by them.
    private const string FailureMark = "Incorrect. The expected answer is ";
    private const string SuccessMark = "Correct. The answer ";

    /// <summary>Initializes a world with the reference's default parameters.</summary>
    public RuleWorld()
        : this(new RuleWorldOptions())
    {
    }

    /// <summary>Initializes a world with the given parameters.</summary>
    /// <param name="options">The parameters; they are validated and copied.</param>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public RuleWorld(RuleWorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _seed = _options.Seed;
        _rules = _options.Rules;
        _offset = _options.RuleOffset;
        _known = _options.EffectiveKnownRules;
        _modules = _options.Modules;
        int[] sizes = [_options.Train, _options.Val, _options.Test];
        _splits = new RuleWorldExample[s_splits.Length][];
        for (var s = 0; s < s_splits.Length; s++)
        {
            _splits[s] = new RuleWorldExample[sizes[s]];
            for (var i = 0; i < sizes[s]; i++)
            {
                var example = CreateExample(s_splits[s], i);
                _splits[s][i] = example;
                _byId.Add(example.Id, example);
            }
        }
    }

    /// <summary>Gets the keyword of every rule in the table (all 24, whatever <see cref="RuleWorldOptions.Rules"/> is).</summary>
    /// <remarks>Fixed engine text (templates, record keys) must contain none of them, or it would teach a rule for free.</remarks>
    public static IReadOnlyList<string> RuleKeywords => s_keywords;

    /// <summary>Gets the text of every rule in the table, as the reflection model writes it.</summary>
    public static IReadOnlyList<string> RuleTexts => s_texts;

    /// <summary>Gets the topic of every rule in the table, as example inputs name it.</summary>
    public static IReadOnlyList<string> Topics => s_topics;

    /// <summary>Gets a copy of the parameters of this world.</summary>
    public RuleWorldOptions Options => _options.Clone();

    /// <summary>Gets the component (module) names of the simulated pipeline: <c>system_prompt</c> for one module;
    /// <c>query</c>, <c>answer</c> for two; <c>plan</c>, <c>query</c>, <c>answer</c> for three.</summary>
    public IReadOnlyList<string> ModuleNames => s_moduleNames[_modules - 1];

    /// <summary>Gets the component (module) names of a pipeline of <paramref name="modules"/> modules, without building a
    /// world.</summary>
    /// <param name="modules">The number of modules, 1 to <see cref="RuleWorldConstants.MaxModules"/>.</param>
    /// <returns>The names, in pipeline order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="modules"/> is out of range.</exception>
    public static IReadOnlyList<string> ModuleNamesFor(int modules)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modules, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(modules, RuleWorldConstants.MaxModules);
        return s_moduleNames[modules - 1];
    }

    /// <summary>Gets the training split.</summary>
    public IReadOnlyList<RuleWorldExample> Trainset => _splits[0];

    /// <summary>Gets the validation split.</summary>
    public IReadOnlyList<RuleWorldExample> Valset => _splits[1];

    /// <summary>Gets the test split.</summary>
    public IReadOnlyList<RuleWorldExample> Testset => _splits[2];

    /// <summary>Gets the id of a rule: <c>R</c> and its 1-based number as two digits (<c>R01</c> … <c>R24</c>).</summary>
    /// <param name="rule">The 0-based rule index.</param>
    /// <returns>The rule id.</returns>
    public static string RuleId(int rule) =>
        "R" + (rule + 1).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Gets a split by name.</summary>
    /// <param name="split"><c>train</c>, <c>val</c> or <c>test</c>.</param>
    /// <returns>The split's examples, in order.</returns>
    /// <exception cref="ArgumentException">The split name is unknown.</exception>
    public IReadOnlyList<RuleWorldExample> GetSplit(string split)
    {
        var s = Array.IndexOf(s_splits, split);
        return s >= 0
            ? _splits[s]
            : throw new ArgumentException($"Unknown RuleWorld split '{split}'; the splits are train, val and test.", nameof(split));
    }

    /// <summary>Finds an example by id.</summary>
    /// <param name="id">The id, such as <c>val-012</c>.</param>
    /// <param name="example">The example, when found.</param>
    /// <returns>Whether the world has an example with that id.</returns>
    public bool TryGetExample(string id, [NotNullWhen(true)] out RuleWorldExample? example) =>
        _byId.TryGetValue(id, out example);

    /// <summary>Gets the module (0-based step) in which a rule must be applied.</summary>
    /// <param name="rule">The 0-based rule index.</param>
    /// <returns><c>min(M - 1, (rule - offset) * M / R)</c> for M modules, R rules and the world's
    /// <see cref="RuleWorldOptions.RuleOffset"/>, at least 0 (a rule below the offset is never required).</returns>
    public int ModuleOf(int rule) => Math.Clamp((rule - _offset) * _modules / _rules, 0, _modules - 1);

    /// <summary>Returns a candidate holding <see cref="BaseInstruction"/> for every module.</summary>
    /// <returns>The seed candidate, with components in <see cref="ModuleNames"/> order.</returns>
    public Candidate SeedCandidate() =>
        new(ModuleNames.Select(name => new KeyValuePair<string, string>(name, BaseInstruction)));

    /// <summary>The simulated task model: replies to chat messages.</summary>
    /// <param name="messages">The conversation; system messages are the instructions, the last user message the case.</param>
    /// <returns>The reply: a <c>Rules applied:</c> line, then a <c>Notes:</c> line (not the last step) or an
    /// <c>Answer:</c> line (the last step), or <see cref="UnknownReply"/>.</returns>
    public string TaskReply(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var systemParts = new List<string>();
        string last = "";
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                systemParts.Add(message.Text);
            }
            else if (message.Role == ChatRole.User)
            {
                last = message.Text;
            }
        }

        return TaskReply(string.Join("\n", systemParts), last);
    }

    /// <summary>The simulated task model, given its instructions and its last user message directly.</summary>
    /// <param name="system">The contents of all system messages joined by <c>\n</c>.</param>
    /// <param name="lastUserMessage">The last user message, or an empty string when there is none.</param>
    /// <returns>The reply, as <see cref="TaskReply(IEnumerable{ChatMessage})"/>.</returns>
    public string TaskReply(string system, string lastUserMessage)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(lastUserMessage);
        var caseMatch = CaseRegex().Match(lastUserMessage);
        if (!caseMatch.Success || !_byId.TryGetValue(caseMatch.Groups[1].Value, out var example))
        {
            return UnknownReply;
        }

        // The first line that starts with "Step N of M" decides; without one the message is step 1 of 1.
        long step = 0, steps = 1;
        foreach (var line in Lines(lastUserMessage))
        {
            var stepMatch = StepRegex().Match(line);
            if (stepMatch.Success)
            {
                step = ParseDigits(stepMatch.Groups[1].Value) - 1;
                steps = ParseDigits(stepMatch.Groups[2].Value);
                break;
            }
        }

        if (steps != _modules || step < 0 || step >= steps)
        {
            return UnknownReply;
        }

        var stepIndex = (int)step;
        var present = PresentRules(system);
        var sig = string.Join(",", present.Order().Select(RuleId));
        var previous = AppliedIds(lastUserMessage);
        var presentSet = present.ToHashSet();
        var applied = example.RequiredRules
            .Where(j => (ModuleOf(j) < stepIndex && previous.Contains(j)) || (ModuleOf(j) == stepIndex && presentSet.Contains(j)))
            .Order()
            .ToList();
        var appliedIds = string.Join(", ", applied.Select(RuleId));
        var head = "Rules applied: " + (appliedIds.Length > 0 ? appliedIds : "none");
        if (stepIndex < steps - 1)
        {
            return head + "\nNotes: step " + (stepIndex + 1).ToString(CultureInfo.InvariantCulture) + " complete.";
        }

        var missing = example.RequiredRules.Any(j => !applied.Contains(j));
        var noisy = U(string.Create(Inv, $"{_seed}|noise|{example.Id}|{stepIndex}|{sig}")) < _options.Noise;
        var answer = !missing && !noisy
            ? example.Answer
            : "ANS-" + HexUpper6(string.Create(Inv, $"{_seed}|wrong|{example.Id}|{string.Join(",", applied.Select(RuleId))}|{sig}"));
        return head + "\nAnswer: " + answer;
    }

    /// <summary>The simulated metric: scores a final reply and explains the score.</summary>
    /// <param name="example">The example the reply answers.</param>
    /// <param name="response">The final reply of the pipeline.</param>
    /// <returns>1.0 and a confirmation when the last <c>Answer:</c> line holds the right answer; otherwise 0.0 and
    /// feedback that, with probability <see cref="RuleWorldOptions.Informative"/>, names one missing rule.</returns>
    public RuleWorldEvaluation Evaluate(RuleWorldExample example, string response)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        string? got = null;
        foreach (var line in Lines(response))
        {
            if (line.StartsWith("Answer:", StringComparison.Ordinal))
            {
                got = line["Answer:".Length..].Trim(' ', '\t');
            }
        }

        var evaluation = EvaluateOnce(example, response, got);
        if (_options.MetricFlip <= 0)
        {
            return evaluation;
        }

        // The noisy metric: the n-th scoring of the same reply to the same example draws its own flip.
        var key = example.Id + "|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(response)));
        var n = _repeats.AddOrUpdate(key, 1, (_, count) => count + 1) - 1;
        if (U(string.Create(Inv, $"{_seed}|flip|{key}|{n}")) >= _options.MetricFlip)
        {
            return evaluation;
        }

        return evaluation.Score == 1.0
            ? new RuleWorldEvaluation(0.0, $"Incorrect. The expected answer is {example.Answer}.")
            : new RuleWorldEvaluation(1.0, $"Correct. The answer {example.Answer} is right.");
    }

    private RuleWorldEvaluation EvaluateOnce(RuleWorldExample example, string response, string? got)
    {
        if (string.Equals(got, example.Answer, StringComparison.Ordinal))
        {
            return new RuleWorldEvaluation(1.0, $"Correct. The answer {example.Answer} is right.");
        }

        var feedback = $"Incorrect. The expected answer is {example.Answer}.";
        var applied = AppliedIds(response);
        var missing = example.RequiredRules.Where(j => !applied.Contains(j)).ToList();
        var sig = string.Join(",", applied.Order().Select(RuleId));
        if (missing.Count > 0 && U(string.Create(Inv, $"{_seed}|fb|{example.Id}|{sig}")) < _options.Informative)
        {
            var j = missing[(int)(U(string.Create(Inv, $"{_seed}|fbpick|{example.Id}|{sig}")) * missing.Count)];
            var where = _modules == 1 ? "" : $" (step {ModuleNames[ModuleOf(j)]})";
            feedback += $" The response did not follow this guideline{where}: {s_texts[j]}";
        }

        return new RuleWorldEvaluation(0.0, feedback);
    }

    /// <summary>The simulated reflection model: writes a new instruction from a prompt.</summary>
    /// <param name="prompt">The whole prompt; every rule keyword it contains (in any case) is read.</param>
    /// <returns>A fenced block holding <see cref="BaseInstruction"/> and the texts of the rules kept, one per line.</returns>
    public string ReflectReply(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (_options.Reflection == RuleWorldReflection.Limited)
        {
            return LimitedReflectReply(prompt);
        }

        var low = Lower(prompt);
        var hx = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));
        var kept = new List<int>();
        for (var j = 0; j < _known; j++)
        {
            if (low.Contains(s_keywords[j], StringComparison.Ordinal)
                && U(string.Create(Inv, $"{_seed}|forget|{hx}|{RuleId(j)}")) >= _options.Forget)
            {
                kept.Add(j);
            }
        }

        return GuessAndReply(kept, hx);
    }

    /// <summary>The limited reflection (<see cref="RuleWorldReflection.Limited"/>): the head of the prompt (before the
    /// first failure record) is read in full; failure record i (from one feedback's <c>Incorrect.</c> to the next) is read
    /// when i ≤ attention, or else with probability decay^(i − attention). Each guideline read is dropped with probability
    /// forget + drop-growth × (guidelines read). Shown a success and a failure, it may blame one guideline it kept and
    /// write a wrong one (one it did not read) in its place. Then it guesses as the full reflection does.</summary>
    private string LimitedReflectReply(string prompt)
    {
        var hx = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));
        var starts = new List<int>();
        for (var at = prompt.IndexOf(FailureMark, StringComparison.Ordinal); at >= 0; at = prompt.IndexOf(FailureMark, at + FailureMark.Length, StringComparison.Ordinal))
        {
            starts.Add(at);
        }

        var parts = new List<string> { starts.Count > 0 ? prompt[..starts[0]] : prompt };
        var failuresRead = 0;
        for (var i = 1; i <= starts.Count; i++)
        {
            var end = i < starts.Count ? starts[i] : prompt.Length;
            if (i <= _options.Attention
                || U(string.Create(Inv, $"{_seed}|attend|{hx}|{i}")) < Math.Pow(_options.AttentionDecay, i - _options.Attention))
            {
                parts.Add(prompt[starts[i - 1]..end]);
                failuresRead++;
            }
        }

        var low = parts.Select(Lower).ToList();
        var found = Enumerable.Range(0, _known).Where(j => low.Exists(p => p.Contains(s_keywords[j], StringComparison.Ordinal))).ToList();
        var drop = Math.Min(1.0, _options.Forget + (_options.DropGrowth * found.Count));
        var kept = found.Where(j => U(string.Create(Inv, $"{_seed}|drop|{hx}|{RuleId(j)}")) >= drop).ToList();
        var mixed = failuresRead > 0 && parts.Exists(p => p.Contains(SuccessMark, StringComparison.Ordinal));
        if (mixed && U(string.Create(Inv, $"{_seed}|mislead|{hx}")) < _options.Mislead)
        {
            if (kept.Count > 0)
            {
                kept.RemoveAt((int)(U(string.Create(Inv, $"{_seed}|blame|{hx}")) * kept.Count));
            }

            var others = Enumerable.Range(0, _known).Where(j => !found.Contains(j)).ToList();
            if (others.Count > 0)
            {
                kept.Add(others[(int)(U(string.Create(Inv, $"{_seed}|wrongrule|{hx}")) * others.Count)]);
            }
        }

        return GuessAndReply(kept, hx);
    }

    /// <summary>The end of both reflections: with probability guess, adds one guideline drawn at random (read or not);
    /// the reply is the base instruction and the guidelines kept, in rule order, fenced.</summary>
    private string GuessAndReply(List<int> kept, string hx)
    {
        if (U(string.Create(Inv, $"{_seed}|guess|{hx}")) < _options.Guess)
        {
            var guessed = (int)(U(string.Create(Inv, $"{_seed}|guessrule|{hx}")) * _known);
            if (!kept.Contains(guessed))
            {
                kept.Add(guessed);
            }
        }

        kept.Sort();
        return "```\n" + string.Join("\n", kept.Select(j => s_texts[j]).Prepend(BaseInstruction)) + "\n```";
    }

    /// <summary>The simulated reflection model given chat messages: their contents joined by <c>\n</c> are the prompt.</summary>
    /// <param name="messages">The messages, whatever their roles.</param>
    /// <returns>The reply, as <see cref="ReflectReply(string)"/>.</returns>
    public string ReflectReply(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return ReflectReply(string.Join("\n", messages.Select(m => m.Text)));
    }

    /// <summary>Builds the user message of one pipeline step, exactly as the reference pipeline does.</summary>
    /// <param name="module">The 0-based module (step) index.</param>
    /// <param name="example">The example being run.</param>
    /// <param name="previousReply">The previous step's reply, or <see langword="null"/> for the first step.</param>
    /// <returns>For one module the example's input; otherwise <c>Step k+1 of M (name)\n</c>, the input and, when
    /// there is a non-empty previous reply, <c>\n</c> and that reply.</returns>
    public string BuildStepUserMessage(int module, RuleWorldExample example, string? previousReply)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentOutOfRangeException.ThrowIfNegative(module);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(module, _modules);
        if (_modules == 1)
        {
            return example.Input;
        }

        var message = string.Create(CultureInfo.InvariantCulture, $"Step {module + 1} of {_modules} ({ModuleNames[module]})\n{example.Input}");
        return string.IsNullOrEmpty(previousReply) ? message : message + "\n" + previousReply;
    }

    /// <summary>Runs the reference pipeline in process: one task-model call per module, each step seeing the previous
    /// step's reply. One run is one rollout.</summary>
    /// <param name="candidate">The candidate; it must have a text for every name in <see cref="ModuleNames"/>.</param>
    /// <param name="example">The example to run.</param>
    /// <returns>Every step's reply, in order; the last one is the pipeline's final reply.</returns>
    /// <exception cref="KeyNotFoundException">The candidate lacks a module.</exception>
    public IReadOnlyList<string> RunPipeline(Candidate candidate, RuleWorldExample example)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(example);
        var outputs = new List<string>(_modules);
        string? previous = null;
        for (var k = 0; k < _modules; k++)
        {
            previous = TaskReply(candidate[ModuleNames[k]], BuildStepUserMessage(k, example, previous));
            outputs.Add(previous);
        }

        return outputs;
    }

    /// <summary>u(s): the first 8 bytes of SHA-256(UTF-8 of s), big-endian, shifted right by 11, over 2^53.</summary>
    /// <param name="s">The text to hash.</param>
    /// <returns>A double in [0, 1), exact in every language.</returns>
    internal static double U(string s)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(s), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / 9007199254740992.0;
    }

    /// <summary>ASCII-only lower-casing: A–Z become a–z and every other character is kept, whatever the culture.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The lower-cased text.</returns>
    internal static string Lower(string s) =>
        string.Create(s.Length, s, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });

    /// <summary>Splits on <c>\n</c> and drops one trailing <c>\r</c> from each piece (never splits on a lone <c>\r</c>).</summary>
    /// <param name="s">The text.</param>
    /// <returns>The lines; an empty text is one empty line.</returns>
    internal static IEnumerable<string> Lines(string s) =>
        s.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line);

    /// <summary>The rule indexes named (<c>R</c> and two digits, so -1 to 98) on lines starting with <c>Rules applied:</c>.</summary>
    /// <param name="text">The text to read.</param>
    /// <returns>The set of 0-based indexes.</returns>
    internal static HashSet<int> AppliedIds(string text)
    {
        var result = new HashSet<int>();
        foreach (var line in Lines(text))
        {
            if (line.StartsWith("Rules applied:", StringComparison.Ordinal))
            {
                foreach (Match m in RuleIdRegex().Matches(line))
                {
                    result.Add(int.Parse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) - 1);
                }
            }
        }

        return result;
    }

    private RuleWorldExample CreateExample(string split, int i)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{split}-{i:000}");
        var k = 1 + (int)(U(string.Create(Inv, $"{_seed}|k|{id}")) * 3);
        var required = new List<int>(k);
        for (var t = 0; required.Count < k; t++)
        {
            var x = 1.0;
            for (var q = 0; q < _options.Skew; q++)
            {
                x *= U(string.Create(Inv, $"{_seed}|rule|{id}|{t}|{q}"));
            }

            var j = _offset + (int)(_rules * x);
            if (!required.Contains(j))
            {
                required.Add(j);
            }
        }

        required.Sort();
        var answer = "ANS-" + HexUpper6(string.Create(Inv, $"{_seed}|gold|{id}"));
        var input = $"Case {id}: a customer writes about " + string.Join(", ", required.Select(j => s_topics[j])) + ".";
        return new RuleWorldExample(id, split, input, answer, required);
    }

    /// <summary>The rules whose keyword occurs in the lower-cased instructions, by first occurrence, cut to the capacity.</summary>
    private List<int> PresentRules(string system)
    {
        var low = Lower(system);
        var found = new List<(int Position, int Rule)>();
        for (var j = 0; j < _known; j++)
        {
            var position = low.IndexOf(s_keywords[j], StringComparison.Ordinal);
            if (position >= 0)
            {
                found.Add((position, j));
            }
        }

        // UTF-16 positions order occurrences as the reference's code-point positions do.
        var present = found.Order().Select(f => f.Rule).ToList();
        if (_options.Capacity > 0 && present.Count > _options.Capacity)
        {
            present.RemoveRange(_options.Capacity, present.Count - _options.Capacity);
        }

        return present;
    }

    /// <summary>Parses a run of ASCII digits like Python's <c>int()</c>, saturating instead of overflowing: any value
    /// too large for a <see cref="long"/> is out of every step range anyway.</summary>
    private static long ParseDigits(string digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : (value * 10) + (c - '0');
        }

        return value;
    }

    /// <summary>The first 6 hex digits of SHA-256(UTF-8 of s), upper-case.</summary>
    private static string HexUpper6(string s)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(s), hash);
        return Convert.ToHexString(hash[..3]);
    }

    [GeneratedRegex("Case ((?:train|val|test)-[0-9]{3}):", RegexOptions.CultureInvariant)]
    private static partial Regex CaseRegex();

    // Anchored at the start of the line, as Python's re.match is.
    [GeneratedRegex("^Step ([0-9]+) of ([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex StepRegex();

    [GeneratedRegex("R([0-9][0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex RuleIdRegex();
}
