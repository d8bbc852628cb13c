using System.Globalization;
using System.Text;

namespace Gepa.Simulation;

/// <summary>The parameters of a simulated RuleWorld; the defaults are those of the Python reference.</summary>
/// <remarks>
/// <para>Each parameter has a short key (<c>seed</c>, <c>rules</c>, <c>train</c>, <c>val</c>, <c>test</c>, <c>noise</c>,
/// <c>informative</c>, <c>forget</c>, <c>guess</c>, <c>capacity</c>, <c>skew</c>, <c>modules</c>, and the project's
/// <c>reflection</c>, <c>attention</c>, <c>attention-decay</c>, <c>drop-growth</c>, <c>mislead</c>, <c>metric-flip</c>,
/// <c>rule-offset</c>, <c>known-rules</c>) used by
/// <see cref="Set"/>, <see cref="Parse(IEnumerable{string})"/> and <see cref="ToString"/>, so that a command line
/// (<c>--world noise=0.1</c>) or a configuration section can set it.</para>
/// <para>The options are validated by <see cref="Validate"/>, which <see cref="RuleWorld"/> calls.</para>
/// </remarks>
public sealed class RuleWorldOptions
{
    /// <summary>Gets the parameter keys, in the reference's order.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["seed", "rules", "train", "val", "test", "noise", "informative", "forget", "guess", "capacity", "skew", "modules",
            "reflection", "attention", "attention-decay", "drop-growth", "mislead", "metric-flip", "rule-offset", "known-rules"];

    /// <summary>Gets or sets the seed every hash is salted with (key <c>seed</c>).</summary>
    public string Seed { get; set; } = RuleWorldConstants.DefaultSeed;

    /// <summary>Gets or sets the number of hidden rules, 3 to 24 (key <c>rules</c>).</summary>
    public int Rules { get; set; } = RuleWorldConstants.DefaultRules;

    /// <summary>Gets or sets the number of training examples, 0 to 10000 (key <c>train</c>).</summary>
    public int Train { get; set; } = RuleWorldConstants.DefaultTrain;

    /// <summary>Gets or sets the number of validation examples, 0 to 10000 (key <c>val</c>).</summary>
    public int Val { get; set; } = RuleWorldConstants.DefaultVal;

    /// <summary>Gets or sets the number of test examples, 0 to 10000 (key <c>test</c>).</summary>
    public int Test { get; set; } = RuleWorldConstants.DefaultTest;

    /// <summary>Gets or sets the probability, 0 to 1, that a fully correct final step still answers wrongly (key <c>noise</c>).</summary>
    public double Noise { get; set; } = RuleWorldConstants.DefaultNoise;

    /// <summary>Gets or sets the probability, 0 to 1, that feedback on a wrong answer names a missing rule (key <c>informative</c>).</summary>
    public double Informative { get; set; } = RuleWorldConstants.DefaultInformative;

    /// <summary>Gets or sets the probability, 0 to 1, that the reflection model drops a rule it read (key <c>forget</c>).</summary>
    public double Forget { get; set; } = RuleWorldConstants.DefaultForget;

    /// <summary>Gets or sets the probability, 0 to 1, that the reflection model adds a random rule (key <c>guess</c>).</summary>
    public double Guess { get; set; } = RuleWorldConstants.DefaultGuess;

    /// <summary>Gets or sets how many rules the task model follows at once, 0 for unlimited (key <c>capacity</c>).</summary>
    public int Capacity { get; set; } = RuleWorldConstants.DefaultCapacity;

    /// <summary>Gets or sets the skew of rule popularity, 1 to 8; higher makes low-numbered rules commoner (key <c>skew</c>).</summary>
    public int Skew { get; set; } = RuleWorldConstants.DefaultSkew;

    /// <summary>Gets or sets the number of pipeline modules, 1 to 3 (key <c>modules</c>).</summary>
    public int Modules { get; set; } = RuleWorldConstants.DefaultModules;

    /// <summary>Gets or sets how the simulated reflection model reads its prompt (key <c>reflection</c>: <c>full</c>, the
    /// reference's, or <c>limited</c>); the four keys below matter only with <c>limited</c>.</summary>
    public RuleWorldReflection Reflection { get; set; } = RuleWorldConstants.DefaultReflection;

    /// <summary>Gets or sets how many failure records a limited reflection reads with full weight, 0 to 1000 (key <c>attention</c>).</summary>
    public int Attention { get; set; } = RuleWorldConstants.DefaultAttention;

    /// <summary>Gets or sets the factor, 0 to 1, by which a limited reflection's chance of reading each failure record past
    /// <see cref="Attention"/> shrinks: record K+i is read with probability decay^i (key <c>attention-decay</c>).</summary>
    public double AttentionDecay { get; set; } = RuleWorldConstants.DefaultAttentionDecay;

    /// <summary>Gets or sets the extra drop probability, 0 to 1, per guideline a limited reflection read: it drops each with
    /// probability forget + drop-growth × (guidelines read) (key <c>drop-growth</c>).</summary>
    public double DropGrowth { get; set; } = RuleWorldConstants.DefaultDropGrowth;

    /// <summary>Gets or sets the probability, 0 to 1, that a limited reflection shown both a success and a failure blames a
    /// guideline it read and writes a wrong one in its place (key <c>mislead</c>).</summary>
    public double Mislead { get; set; } = RuleWorldConstants.DefaultMislead;

    /// <summary>Gets or sets the probability, 0 to 1, that one evaluation's score is flipped; each repeat of the same
    /// evaluation draws afresh, so the same reply can score differently (key <c>metric-flip</c>).</summary>
    public double MetricFlip { get; set; } = RuleWorldConstants.DefaultMetricFlip;

    /// <summary>Gets or sets the first rule (0-based) an example can require, 0 to 24 − <see cref="Rules"/>: examples require
    /// rules <c>rule-offset</c> to <c>rule-offset + rules − 1</c>, so that members of a family can require different windows
    /// of one table (key <c>rule-offset</c>).</summary>
    public int RuleOffset { get; set; } = RuleWorldConstants.DefaultRuleOffset;

    /// <summary>Gets or sets how many rules of the table (the first ones) the task and reflection models know, from
    /// <see cref="RuleOffset"/> + <see cref="Rules"/> to 24, or 0 for exactly that many; a known rule no example requires
    /// is still read, written and takes a place under <see cref="Capacity"/> (key <c>known-rules</c>).</summary>
    public int KnownRules { get; set; } = RuleWorldConstants.DefaultKnownRules;

    /// <summary>Gets the number of rules the models know: <see cref="KnownRules"/>, or <see cref="RuleOffset"/> +
    /// <see cref="Rules"/> when it is 0.</summary>
    public int EffectiveKnownRules => KnownRules > 0 ? KnownRules : RuleOffset + Rules;

    /// <summary>Parses <c>key=value</c> assignments over the defaults and validates the result.</summary>
    /// <param name="assignments">Assignments such as <c>noise=0.1</c> or <c>seed=my-seed</c>; later ones win.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ArgumentException">An assignment has no <c>=</c>, names an unknown key, has a bad value, or the result is out of range.</exception>
    public static RuleWorldOptions Parse(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var options = new RuleWorldOptions();
        foreach (var assignment in assignments)
        {
            ArgumentNullException.ThrowIfNull(assignment, nameof(assignments));
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException(
                    $"Expected a RuleWorld parameter as key=value, got '{assignment}'. The keys are: {string.Join(", ", Keys)}.",
                    nameof(assignments));
            }

            options.Set(assignment[..eq].Trim(), assignment[(eq + 1)..]);
        }

        options.Validate();
        return options;
    }

    /// <summary>Reads settings (such as a configuration section's key/value pairs) over the defaults and validates the result.</summary>
    /// <param name="settings">Pairs of parameter key (see <see cref="Keys"/>; case is ignored) and text value.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ArgumentException">A key is unknown, a value is bad, or the result is out of range.</exception>
    public static RuleWorldOptions Parse(IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new RuleWorldOptions();
        foreach (var (key, value) in settings)
        {
            options.Set(key, value);
        }

        options.Validate();
        return options;
    }

    /// <summary>Sets one parameter from its key and its text value.</summary>
    /// <param name="key">The parameter key (see <see cref="Keys"/>; case is ignored).</param>
    /// <param name="value">The value as text: invariant-culture numbers; the seed is taken verbatim.</param>
    /// <remarks>Ranges are checked by <see cref="Validate"/>, once all parameters are set.</remarks>
    /// <exception cref="ArgumentException">The key is unknown or the value is not of the parameter's type.</exception>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        switch (key.ToUpperInvariant())
        {
            case "SEED": Seed = value; break;
            case "RULES": Rules = ParseInt("rules", value); break;
            case "TRAIN": Train = ParseInt("train", value); break;
            case "VAL": Val = ParseInt("val", value); break;
            case "TEST": Test = ParseInt("test", value); break;
            case "NOISE": Noise = ParseProbability("noise", value); break;
            case "INFORMATIVE": Informative = ParseProbability("informative", value); break;
            case "FORGET": Forget = ParseProbability("forget", value); break;
            case "GUESS": Guess = ParseProbability("guess", value); break;
            case "CAPACITY": Capacity = ParseInt("capacity", value); break;
            case "SKEW": Skew = ParseInt("skew", value); break;
            case "MODULES": Modules = ParseInt("modules", value); break;
            case "REFLECTION": Reflection = ParseReflection(value); break;
            case "ATTENTION": Attention = ParseInt("attention", value); break;
            case "ATTENTION-DECAY": AttentionDecay = ParseProbability("attention-decay", value); break;
            case "DROP-GROWTH": DropGrowth = ParseProbability("drop-growth", value); break;
            case "MISLEAD": Mislead = ParseProbability("mislead", value); break;
            case "METRIC-FLIP": MetricFlip = ParseProbability("metric-flip", value); break;
            case "RULE-OFFSET": RuleOffset = ParseInt("rule-offset", value); break;
            case "KNOWN-RULES": KnownRules = ParseInt("known-rules", value); break;
            default:
                throw new ArgumentException($"Unknown RuleWorld parameter '{key}'. The keys are: {string.Join(", ", Keys)}.", nameof(key));
        }
    }

    /// <summary>Checks every parameter against its accepted range.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range; the message names it and the range.</exception>
    public void Validate()
    {
        if (Seed is null)
        {
            throw new ArgumentException("RuleWorld parameter 'seed' (Seed) must not be null.", "seed");
        }

        CheckInt("rules", nameof(Rules), Rules, RuleWorldConstants.MinRules, RuleWorldConstants.MaxRules,
            "; an example needs up to three distinct rules and the rule table has 24");
        CheckInt("train", nameof(Train), Train, 0, RuleWorldConstants.MaxSplitSize, "");
        CheckInt("val", nameof(Val), Val, 0, RuleWorldConstants.MaxSplitSize, "");
        CheckInt("test", nameof(Test), Test, 0, RuleWorldConstants.MaxSplitSize, "");
        CheckProbability("noise", nameof(Noise), Noise);
        CheckProbability("informative", nameof(Informative), Informative);
        CheckProbability("forget", nameof(Forget), Forget);
        CheckProbability("guess", nameof(Guess), Guess);
        CheckInt("capacity", nameof(Capacity), Capacity, 0, int.MaxValue, " (0 means unlimited)");
        CheckInt("skew", nameof(Skew), Skew, 1, RuleWorldConstants.MaxSkew, "");
        CheckInt("modules", nameof(Modules), Modules, 1, RuleWorldConstants.MaxModules, "");
        if (!Enum.IsDefined(Reflection))
        {
            throw new ArgumentException($"RuleWorld parameter 'reflection' (Reflection) must be full or limited; got {Reflection}.", "reflection");
        }

        CheckInt("attention", nameof(Attention), Attention, 0, RuleWorldConstants.MaxSplitSize, "");
        CheckProbability("attention-decay", nameof(AttentionDecay), AttentionDecay);
        CheckProbability("drop-growth", nameof(DropGrowth), DropGrowth);
        CheckProbability("mislead", nameof(Mislead), Mislead);
        CheckProbability("metric-flip", nameof(MetricFlip), MetricFlip);
        CheckInt("rule-offset", nameof(RuleOffset), RuleOffset, 0, RuleWorldConstants.MaxRules - Rules,
            string.Create(CultureInfo.InvariantCulture, $" (24 − rules, so that the window of {Rules} rules fits the table)"));
        if (KnownRules != 0)
        {
            CheckInt("known-rules", nameof(KnownRules), KnownRules, RuleOffset + Rules, RuleWorldConstants.MaxRules,
                " (rule-offset + rules to 24, or 0 for rule-offset + rules)");
        }
    }

    /// <summary>Returns a copy of these options.</summary>
    /// <returns>A new instance with the same values.</returns>
    public RuleWorldOptions Clone() => (RuleWorldOptions)MemberwiseClone();

    /// <summary>Returns every parameter as <c>key=value</c>, separated by spaces, in the order of <see cref="Keys"/>.</summary>
    /// <returns>For example <c>seed=rules-v1 rules=24 … modules=1</c>.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"seed={Seed} rules={Rules} train={Train} val={Val} test={Test} ");
        sb.Append(inv, $"noise={Noise} informative={Informative} forget={Forget} guess={Guess} ");
        sb.Append(inv, $"capacity={Capacity} skew={Skew} modules={Modules}");

        // The extension's keys only when one differs from its default, so that a reference world prints as before.
        if (Reflection != RuleWorldConstants.DefaultReflection || Attention != RuleWorldConstants.DefaultAttention
            || AttentionDecay != RuleWorldConstants.DefaultAttentionDecay || DropGrowth != RuleWorldConstants.DefaultDropGrowth
            || Mislead != RuleWorldConstants.DefaultMislead || MetricFlip != RuleWorldConstants.DefaultMetricFlip)
        {
            sb.Append(inv, $" reflection={ReflectionName(Reflection)} attention={Attention} attention-decay={AttentionDecay}");
            sb.Append(inv, $" drop-growth={DropGrowth} mislead={Mislead} metric-flip={MetricFlip}");
        }

        // Likewise the known-rules keys, so that a world printed before they existed prints as before.
        if (RuleOffset != RuleWorldConstants.DefaultRuleOffset || KnownRules != RuleWorldConstants.DefaultKnownRules)
        {
            sb.Append(inv, $" rule-offset={RuleOffset} known-rules={KnownRules}");
        }

        return sb.ToString();
    }

    /// <summary>The key's text for a reflection behaviour.</summary>
    /// <param name="reflection">The behaviour.</param>
    /// <returns><c>full</c> or <c>limited</c>.</returns>
    public static string ReflectionName(RuleWorldReflection reflection) =>
        reflection == RuleWorldReflection.Limited ? "limited" : "full";

    private static RuleWorldReflection ParseReflection(string value) =>
        value.Trim().ToUpperInvariant() switch
        {
            "FULL" => RuleWorldReflection.Full,
            "LIMITED" => RuleWorldReflection.Limited,
            _ => throw new ArgumentException($"RuleWorld parameter 'reflection' must be full or limited; got '{value}'.", nameof(value)),
        };

    private static int ParseInt(string key, string value) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new ArgumentException($"RuleWorld parameter '{key}' must be an integer; got '{value}'.", nameof(value));

    private static double ParseProbability(string key, string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && double.IsFinite(result)
            ? result
            : throw new ArgumentException($"RuleWorld parameter '{key}' must be a number between 0 and 1; got '{value}'.", nameof(value));

    private static void CheckInt(string key, string property, int value, int min, int max, string why)
    {
        if (value < min || value > max)
        {
            var range = max == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"{min} or more")
                : string.Create(CultureInfo.InvariantCulture, $"between {min} and {max}");
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"RuleWorld parameter '{key}' ({property}) must be {range}{why}; got {value}."),
                key);
        }
    }

    private static void CheckProbability(string key, string property, double value)
    {
        // Written so that NaN fails too.
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"RuleWorld parameter '{key}' ({property}) must be between 0 and 1; got {value}."),
                key);
        }
    }
}
