using System.Globalization;

namespace Gepa;

/// <summary>The adaptive budget policy of one run: which parts are on, their state, and the bookkeeping between the
/// moment a part makes a decision and the moment its outcome is known.</summary>
internal sealed class AdaptiveController : ICheckpointSlice
{
    private readonly AdaptiveBudgetOptions _o;
    private readonly IReadOnlyList<string> _components;
    private int[]? _order;
    private readonly int _seed;
    private readonly int _valsetSize;

    private AdaptiveController(GepaOptions options, IReadOnlyList<string> components, int valsetSize)
    {
        _o = options.Adaptive;
        _components = components;
        _seed = options.Seed;
        _valsetSize = valsetSize;
        var adaptive = options.BudgetPolicy == BudgetPolicy.Adaptive;

        // Racing needs per-example front keys: the other frontiers rank candidates by means over the whole valset.
        Racing = RacesCandidates(options);
        Bandit = (_o.BanditComponentSelection ?? adaptive) && components.Count > 1 && options.ComponentSelection == ComponentSelection.RoundRobin;

        // With one component a merge can only reproduce a parent.
        DiversityMerge = (_o.DiversityMerge ?? adaptive) && components.Count > 1;
        Focused = FocusesMinibatches(options);
    }

    /// <summary>Gets whether accepted candidates are raced instead of fully evaluated.</summary>
    public bool Racing { get; }

    /// <summary>Gets whether the component to rewrite is chosen by the bandit.</summary>
    public bool Bandit { get; }

    /// <summary>Gets whether merges are started by the diversity trigger.</summary>
    public bool DiversityMerge { get; }

    /// <summary>Gets whether minibatches avoid examples the parent is known to pass and children are rejected early.</summary>
    public bool Focused { get; }

    /// <summary>The minibatch size a run with these options uses: the focused minibatch's when that part is on (at most
    /// the trainset's size, since it never repeats an example), else <see cref="GepaOptions.MinibatchSize"/>.</summary>
    /// <param name="options">The run settings.</param>
    /// <param name="trainsetSize">The number of training examples, or <see cref="int.MaxValue"/> when not known yet.</param>
    public static int MinibatchSize(GepaOptions options, int trainsetSize) =>
        FocusesMinibatches(options) ? Math.Min(options.Adaptive.FocusedFailures + options.Adaptive.MinibatchGuards, trainsetSize) : options.MinibatchSize;

    /// <summary>Whether a run with these options draws focused minibatches.</summary>
    public static bool FocusesMinibatches(GepaOptions options) =>
        options.Adaptive.FocusedMinibatch ?? options.BudgetPolicy == BudgetPolicy.Adaptive;

    /// <summary>Gets the options.</summary>
    public AdaptiveBudgetOptions Options => _o;

    /// <summary>Gets the persisted state.</summary>
    public AdaptiveState State { get; private set; } = new();

    /// <summary>Gets the order in which races score the validation examples.</summary>
    public IReadOnlyList<int> ValidationOrder => _order ??= ValidationRace.Order(_seed, _valsetSize);

    /// <summary>The fewest validation rollouts an accepted candidate needs: a race's smallest first stage.</summary>
    public int ValidationReserve(int valsetSize) => Racing ? Math.Min(_o.MinFirstStage, valsetSize) : valsetSize;

    /// <summary>Whether a run with these options races accepted candidates instead of fully evaluating them. Following
    /// the policy, racing yields to an <see cref="GepaOptions.EvaluationPolicy"/> of your own: choosing the examples
    /// is the whole point of setting one, and the adaptive policy is the default.</summary>
    public static bool RacesCandidates(GepaOptions options) =>
        (options.Adaptive.AdaptiveValidation ?? (options.BudgetPolicy == BudgetPolicy.Adaptive && options.EvaluationPolicy is null or Strategies.FullEvaluationPolicy))
        && options.FrontierType == FrontierType.Instance;

    /// <summary>Creates the controller, or returns <see langword="null"/> when no adaptive part is on.</summary>
    public static AdaptiveController? Create(GepaOptions options, IReadOnlyList<string> components, int valsetSize)
    {
        var controller = new AdaptiveController(options, components, valsetSize);
        return controller.Racing || controller.Bandit || controller.DiversityMerge || controller.Focused ? controller : null;
    }

    /// <summary>Restores the state from a checkpoint.</summary>
    public void Restore(AdaptiveState state) => State = state;

    /// <summary>Writes the adaptive policy's state, shared by its parts, to the checkpoint.</summary>
    public void SaveTo(GepaCheckpoint checkpoint) => checkpoint.PolicyState[AdaptiveState.CheckpointKey] = State.ToJson();

    /// <summary>Reads the adaptive policy's state back from a checkpoint.</summary>
    public void RestoreFrom(GepaCheckpoint checkpoint)
    {
        if (checkpoint.PolicyState.TryGetValue(AdaptiveState.CheckpointKey, out var json))
        {
            Restore(AdaptiveState.FromJson(json));
        }
    }

    /// <summary>The component the bandit picks.</summary>
    public string SelectComponent() => ComponentBandit.Select(_components, State.Arms, _o.BanditExploration);

    /// <summary>Credits a component with what one proposal that rewrote it gained and cost.</summary>
    /// <param name="component">The component the proposal rewrote.</param>
    /// <param name="gain">The validation score it gained over its parent (0 when it was not accepted).</param>
    /// <param name="cost">The rollouts it spent.</param>
    public void Credit(string component, double gain, int cost) =>
        ComponentBandit.Record(State.Arms, _components, component, gain, cost, _o.BanditDiscount);

    /// <summary>Remembers a candidate's observed training scores, for the focused minibatch's predictions.</summary>
    public void RecordTrainScores(int candidate, IReadOnlyList<int> ids, IReadOnlyList<double> scores)
    {
        if (!Focused)
        {
            return;
        }

        if (!State.TrainScores.TryGetValue(candidate, out var known))
        {
            State.TrainScores[candidate] = known = [];
        }

        for (var j = 0; j < ids.Count; j++)
        {
            known[ids[j]] = scores[j];
        }
    }

    /// <summary>Records a finished race.</summary>
    public void RecordRace(RaceVerdict verdict, int rollouts, bool stopped)
    {
        State.Races++;
        State.RaceRollouts += rollouts;
        if (stopped)
        {
            State.RacesStopped++;
        }

        if (verdict.Shared > 0)
        {
            var rate = verdict.DisagreementRate;
            State.Movement = State.Movement is { } m ? ((1 - _o.MovementSmoothing) * m) + (_o.MovementSmoothing * rate) : rate;
        }
    }

    /// <summary>The settings that decide this policy's choices, for the checkpoint's settings check.</summary>
    public static void AddSettings(GepaOptions o, Dictionary<string, string> settings)
    {
        static string S(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        var a = o.Adaptive;
        if (o.BudgetPolicy == BudgetPolicy.Fixed && a.AdaptiveValidation is null && a.BanditComponentSelection is null && a.DiversityMerge is null && a.FocusedMinibatch is null)
        {
            return; // the reference's policy: the settings stay those of a run without this feature
        }

        settings[nameof(o.BudgetPolicy)] = S(o.BudgetPolicy);
        settings["Adaptive." + nameof(a.AdaptiveValidation)] = S(a.AdaptiveValidation);
        settings["Adaptive." + nameof(a.BanditComponentSelection)] = S(a.BanditComponentSelection);
        settings["Adaptive." + nameof(a.DiversityMerge)] = S(a.DiversityMerge);
        settings["Adaptive." + nameof(a.FocusedMinibatch)] = S(a.FocusedMinibatch);
        settings["Adaptive." + nameof(a.FocusedFailures)] = S(a.FocusedFailures);
        settings["Adaptive." + nameof(a.MinibatchGuards)] = S(a.MinibatchGuards);
        settings["Adaptive." + nameof(a.MinFirstStage)] = S(a.MinFirstStage);
        settings["Adaptive." + nameof(a.MaxFirstStage)] = S(a.MaxFirstStage);
        settings["Adaptive." + nameof(a.InitialFirstStage)] = S(a.InitialFirstStage);
        settings["Adaptive." + nameof(a.TargetDisagreements)] = S(a.TargetDisagreements);
        settings["Adaptive." + nameof(a.StageGrowth)] = S(a.StageGrowth);
        settings["Adaptive." + nameof(a.LossConfidence)] = S(a.LossConfidence);
        settings["Adaptive." + nameof(a.WinConfidence)] = S(a.WinConfidence);
        settings["Adaptive." + nameof(a.TieLimit)] = S(a.TieLimit);
        settings["Adaptive." + nameof(a.MovementSmoothing)] = S(a.MovementSmoothing);
        settings["Adaptive." + nameof(a.BanditExploration)] = S(a.BanditExploration);
        settings["Adaptive." + nameof(a.BanditDiscount)] = S(a.BanditDiscount);
        settings["Adaptive." + nameof(a.MergeDiversityThreshold)] = S(a.MergeDiversityThreshold);
        settings["Adaptive." + nameof(a.MaxMergeBudgetShare)] = S(a.MaxMergeBudgetShare);
    }
}
