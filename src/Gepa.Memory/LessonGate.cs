using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Keeps testing whether the lessons in the reflection prompt help this run, and stops showing them once they
/// look harmful: lessons that turn out to be irrelevant then cost (almost) nothing. Each proposal whose reflection prompt
/// holds lessons is an arm of a two-armed bandit, with lessons or without (the section removed); the arm is drawn by
/// Thompson sampling on each arm's share of wins (Beta(1, 1) priors, the gate's own random source
/// seeded per run, so a run is deterministic for its seed and the engine's random sequence is untouched). That source is
/// counter-based (SplitMix64 from the seed, the prompt's hash, the number of verdicts so far and how often the prompt was
/// decided since the last), so a decision does not
/// depend on the order in which concurrent proposals reach the gate, and everything the gate knows is a few counts and
/// maps, which it saves with a run directory's checkpoints (<see cref="IRunStateExtension"/>): a run killed and resumed
/// decides exactly as the uninterrupted one. Relevant lessons,
/// whose children win more often, keep being shown; as long as the two are alike, about half the proposals see
/// them. Prompts without lessons pass through unchanged and draw nothing.
/// A win is a child that is accepted and whose validation score beats its parent's; a rejected child, or an accepted one
/// that does not raise the validation score, is a loss. Acceptance alone would not do: a child that adds one rule the
/// minibatch needed and two that do not apply is accepted, and it is on the validation set that the inapplicable ones
/// show, by taking the place of what applies.</summary>
/// <remarks>Use: <c>var gate = new LessonGate(seed); gate.Attach(options);</c> then give the engine
/// <c>gate.Wrap(reflectionClient)</c> as its reflection model; in a run directory, also
/// <c>directory.AddExtension(LessonGate.ExtensionName, gate)</c> before the run. Attribution is per arm, not per lesson: a reflection model
/// that cites the lessons it used (<c>Used lessons:</c>) credits them when the run is learned, as before.</remarks>
public sealed class LessonGate : IRunStateExtension
{
    /// <summary>The name a gate's state is saved under in a run directory's <c>state.json</c>.</summary>
    public const string ExtensionName = "lessonGate";

    private const ulong Golden = 0x9E3779B97F4A7C15;
    private readonly ulong _stream;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _shownByPrompt = new(StringComparer.Ordinal);
    private readonly Dictionary<int, bool> _shownByProposal = [];
    private readonly Dictionary<int, double> _valScores = [];
    private readonly Dictionary<string, int> _repeats = new(StringComparer.Ordinal);
    private int _shownWins, _shownLosses, _hiddenWins, _hiddenLosses;
    private long _draws;

    /// <summary>Initializes a gate.</summary>
    /// <param name="seed">The run's seed: the gate's draws depend on it alone.</param>
    public LessonGate(int seed) => _stream = Mix(unchecked((ulong)(seed ^ 0x4C47)));

    /// <summary>Gets the wins of children proposed with the lessons shown.</summary>
    public int ShownWins { get { lock (_lock) { return _shownWins; } } }

    /// <summary>Gets the losses of children proposed with the lessons shown.</summary>
    public int ShownLosses { get { lock (_lock) { return _shownLosses; } } }

    /// <summary>Gets the wins of children proposed with the lessons removed.</summary>
    public int HiddenWins { get { lock (_lock) { return _hiddenWins; } } }

    /// <summary>Gets the losses of children proposed with the lessons removed.</summary>
    public int HiddenLosses { get { lock (_lock) { return _hiddenLosses; } } }

    /// <summary>Gets how many reflection prompts with lessons the gate decided on, and how many of them it showed lessons in.</summary>
    public (int Decided, int Shown) Decisions { get; private set; }

    /// <summary>Gets how many random numbers the gate has drawn.</summary>
    public long Draws { get { lock (_lock) { return _draws; } } }

    /// <summary>Wraps the reflection model: each request whose prompt holds a lessons section is sent with or without it.</summary>
    /// <param name="reflection">The reflection model.</param>
    /// <returns>The gated client.</returns>
    public IChatClient Wrap(IChatClient reflection)
    {
        ArgumentNullException.ThrowIfNull(reflection);
        return new LessonGateChatClient(reflection, this);
    }

    /// <summary>Subscribes to the run's proposals and their acceptance, which the gate learns from.</summary>
    /// <param name="options">The run's options.</param>
    public void Attach(GepaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Callbacks.OnProposalEnd.Subscribe(a =>
        {
            lock (_lock)
            {
                foreach (var prompt in a.Prompts.Values)
                {
                    if (_shownByPrompt.Remove(Key(prompt), out var shown))
                    {
                        _shownByProposal[a.ProposalId ?? a.Iteration] = shown;
                    }
                }
            }

            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnValsetEvaluated.Subscribe(a =>
        {
            lock (_lock)
            {
                _valScores[a.CandidateIndex] = a.AverageScore;
            }

            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnCandidateAccepted.Subscribe(a =>
        {
            lock (_lock)
            {
                var parent = a.ParentIds.Count > 0 && _valScores.TryGetValue(a.ParentIds[0], out var p) ? p : double.NegativeInfinity;
                _valScores[a.NewCandidateIndex] = a.ValScore;
                Record(a.ProposalId ?? a.Iteration, win: a.ValScore > parent);
            }

            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnCandidateRejected.Subscribe(a =>
        {
            lock (_lock)
            {
                Record(a.ProposalId ?? a.Iteration, win: false);
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Decides for one prompt with lessons: draws each arm's acceptance rate from its Beta posterior and shows
    /// the lessons when theirs is at least as high.</summary>
    internal bool Decide(string prompt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(prompt));
        lock (_lock)
        {
            // The draws depend on the prompt, on how many children have had their verdict, and on how often this prompt
            // was decided since the last verdict, not on the order in which prompts arrive: an iteration's concurrent
            // proposals reflect, in any order, before any of their verdicts.
            var key = Convert.ToHexString(hash);
            var repeat = _repeats.GetValueOrDefault(key);
            _repeats[key] = repeat + 1;
            var verdicts = (ulong)(_shownWins + _shownLosses + _hiddenWins + _hiddenLosses);
            var basis = Mix(unchecked(Mix(unchecked(Mix(_stream ^ BitConverter.ToUInt64(hash)) + (verdicts * Golden))) + ((ulong)repeat * Golden)));
            var draw = 0;
            var with = SampleBeta(_shownWins + 1, _shownLosses + 1, basis, ref draw);
            var without = SampleBeta(_hiddenWins + 1, _hiddenLosses + 1, basis, ref draw);
            _draws += draw;
            var show = with >= without;
            _shownByPrompt[key] = show;
            Decisions = (Decisions.Decided + 1, Decisions.Shown + (show ? 1 : 0));
            return show;
        }
    }

    // Called under the lock.
    private void Record(int proposal, bool win)
    {
        if (!_shownByProposal.Remove(proposal, out var shown))
        {
            return;
        }

        _repeats.Clear(); // a new verdict count starts every prompt's draws afresh

        if (shown)
        {
            _ = win ? _shownWins++ : _shownLosses++;
        }
        else
        {
            _ = win ? _hiddenWins++ : _hiddenLosses++;
        }
    }

    // Beta(a, b) for whole a and b as X / (X + Y), X and Y sums of a and b unit exponentials (Gamma with whole shape).
    private static double SampleBeta(int a, int b, ulong basis, ref int draw)
    {
        var x = Gamma(a, basis, ref draw);
        var y = Gamma(b, basis, ref draw);
        return x / (x + y);
    }

    private static double Gamma(int shape, ulong basis, ref int draw)
    {
        var sum = 0.0;
        for (var i = 0; i < shape; i++)
        {
            sum -= Math.Log(1 - Uniform(basis, ++draw));
        }

        return sum;
    }

    /// <inheritdoc/>
    /// <remarks>Counts, draws, the decisions waiting for their proposal's end and the prompts decided since the last verdict
    /// (by a hash of the prompt: no prompt text is saved), the proposals waiting for their verdict, and the validation
    /// scores seen.</remarks>
    public JsonElement SaveState()
    {
        lock (_lock)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("draws", _draws);
                w.WriteNumber("decided", Decisions.Decided);
                w.WriteNumber("shown", Decisions.Shown);
                w.WriteNumber("shownWins", _shownWins);
                w.WriteNumber("shownLosses", _shownLosses);
                w.WriteNumber("hiddenWins", _hiddenWins);
                w.WriteNumber("hiddenLosses", _hiddenLosses);
                w.WriteStartObject("prompts");
                foreach (var (key, shown) in _shownByPrompt.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WriteBoolean(key, shown);
                }

                w.WriteEndObject();
                w.WriteStartObject("repeats");
                foreach (var (key, count) in _repeats.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WriteNumber(key, count);
                }

                w.WriteEndObject();
                w.WriteStartObject("proposals");
                foreach (var (proposal, shown) in _shownByProposal.OrderBy(p => p.Key))
                {
                    w.WriteBoolean(proposal.ToString(CultureInfo.InvariantCulture), shown);
                }

                w.WriteEndObject();
                w.WriteStartObject("valScores");
                foreach (var (candidate, score) in _valScores.OrderBy(p => p.Key))
                {
                    // The round-trip form: a restored gate compares exactly the numbers the uninterrupted one would.
                    w.WriteString(candidate.ToString(CultureInfo.InvariantCulture), score.ToString("R", CultureInfo.InvariantCulture));
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.Clone();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="FormatException">The state is not one <see cref="SaveState"/> wrote.</exception>
    public void RestoreState(JsonElement state)
    {
        try
        {
            lock (_lock)
            {
                _draws = state.GetProperty("draws").GetInt64();
                Decisions = (state.GetProperty("decided").GetInt32(), state.GetProperty("shown").GetInt32());
                _shownWins = state.GetProperty("shownWins").GetInt32();
                _shownLosses = state.GetProperty("shownLosses").GetInt32();
                _hiddenWins = state.GetProperty("hiddenWins").GetInt32();
                _hiddenLosses = state.GetProperty("hiddenLosses").GetInt32();
                _shownByPrompt.Clear();
                foreach (var p in state.GetProperty("prompts").EnumerateObject())
                {
                    _shownByPrompt[p.Name] = p.Value.GetBoolean();
                }

                _repeats.Clear();
                foreach (var p in state.GetProperty("repeats").EnumerateObject())
                {
                    _repeats[p.Name] = p.Value.GetInt32();
                }

                _shownByProposal.Clear();
                foreach (var p in state.GetProperty("proposals").EnumerateObject())
                {
                    _shownByProposal[int.Parse(p.Name, CultureInfo.InvariantCulture)] = p.Value.GetBoolean();
                }

                _valScores.Clear();
                foreach (var p in state.GetProperty("valScores").EnumerateObject())
                {
                    _valScores[int.Parse(p.Name, CultureInfo.InvariantCulture)] = double.Parse(p.Value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or OverflowException or ArgumentNullException)
        {
            throw new FormatException("The lesson gate's saved state is not one this version wrote: " + e.Message, e);
        }
    }

    // SplitMix64's output function (Steele, Lea and Flood 2014). The same three lines are in Gepa's dataset generator,
    // which is internal to the Gepa package (this one has no access to its internals) and stateful, where the gate's draws
    // are counter-based: sharing them would take a new public type for three lines.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static string Key(string prompt) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));

    // The n-th number of a decision's stream: SplitMix64's n-th output from the decision's basis, in [0, 1).
    private static double Uniform(ulong basis, int n) => (Mix(unchecked(basis + ((ulong)n * Golden))) >> 11) * (1.0 / (1UL << 53));
}
