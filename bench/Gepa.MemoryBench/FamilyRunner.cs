using Gepa.Simulation;
using Microsoft.Extensions.AI;

namespace Gepa.MemoryBench;

/// <summary>Runs one member of the SIMULATED RuleWorld family, cold or with memory, and measures it.</summary>
internal static class FamilyRunner
{
    public const string Component = "system_prompt";

    /// <summary>The validation score counted as reaching the target.</summary>
    public static double Target { get; set; } = 0.6;

    /// <summary>The task-profile and lesson similarity floor used by retrieval.</summary>
    public static double Floor { get; set; } = MemoryConstants.SimilarityFloor;

    /// <summary>The engine's budget policy (<c>--policy</c>): fixed by default, the allocation every documented table was
    /// made with (the library's default became adaptive after them; pinning it keeps them reproducible).</summary>
    public static BudgetPolicy Policy { get; set; } = BudgetPolicy.Fixed;

    /// <summary>Whether retrieval compares lessons with each part of the query (<c>--segment-query</c>).</summary>
    public static bool SegmentQuery { get; set; }

    /// <summary>Whether the run guards against memory that does not apply (<c>--guard</c>): a <see cref="LessonGate"/> on
    /// the lessons in the reflection prompt, and extra starting candidates raced against the seed on a minibatch before a
    /// validation. Off by default, so the documented tables made without it still reproduce.</summary>
    public static bool Guard { get; set; }

    /// <summary>Whether the guard includes the relevance probe (<see cref="LessonProbe"/>): on with <c>--guard</c> unless
    /// <c>--no-probe</c>, which reproduces the guarded tables made before it.</summary>
    public static bool Probe { get; set; } = true;

    /// <summary>The probes' outcomes summed over every guarded run that probed: runs probed, probes passed, rollouts.</summary>
    public static long[] ProbeTotals { get; } = new long[3];

    /// <summary>The probes per arm: runs probed and probes passed.</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, (int Probed, int Passed)> ProbesByArm { get; } = new(StringComparer.Ordinal);

    /// <summary>The gates' evidence summed over every guarded run: decisions, lessons shown, and children accepted and
    /// rejected with and without them.</summary>
    public static long[] GateTotals { get; } = new long[6];

    /// <summary>The family the benchmark runs (<c>--family</c>).</summary>
    public static Family Family { get; set; } = Family.Prefix;

    /// <summary>World parameters set over every member's (<c>--world key=value</c>), such as <c>reflection=limited</c>.</summary>
    public static List<KeyValuePair<string, string>> World { get; } = [];

    /// <summary>Gets the world parameters for titles: empty, or <c>, world reflection=limited …</c>.</summary>
    public static string WorldSuffix => (Policy == BudgetPolicy.Fixed ? "" : ", adaptive policy") + (Guard ? ", guarded (lesson gate, raced start" + (Probe ? ", relevance probe)" : ")") : "") + (World.Count == 0 ? "" : ", world " + string.Join(' ', World.Select(p => p.Key + "=" + p.Value)));

    /// <summary>Builds a member's world options: the family's, then <see cref="World"/>.</summary>
    public static RuleWorldOptions WorldOptions(string target, int seed, int capacity)
    {
        var options = Family.Options(target, seed, capacity);
        foreach (var (key, value) in World)
        {
            options.Set(key, value);
        }

        options.Validate();
        return options;
    }

    public static async Task<Outcome> RunAsync(string target, Arm arm, int seed, int capacity, int budget, MemoryBank? bank, string? runDirectory, CancellationToken ct)
    {
        var member = Family.Member(target);
        var world = new RuleWorld(WorldOptions(target, seed, capacity));
        using var taskModel = new RuleWorldTaskChatClient(world);
        using var simulatedReflection = new RuleWorldReflectionChatClient(world);
        IChatClient reflection = simulatedReflection;
        LessonGate? gate = null;
        var adapter = new RuleWorldAdapter(world, taskModel);
        var options = new GepaOptions { MaxMetricCalls = budget, Seed = seed, MinibatchSize = 3, BudgetPolicy = Policy };
        var start = world.SeedCandidate();
        var spent = 0;
        IReadOnlyList<RetrievedLesson> lessons = [];
        if (arm.UsesMemory && bank is not null)
        {
            var objective = Family.Objective(member);
            if (arm.InjectAll)
            {
                lessons = [.. bank.ListLessons(Component).Where(l => l.Scope.Any(t => t != target)).Select(l => new RetrievedLesson { Lesson = l, Similarity = 1 })];
            }
            else if (arm.Lessons || arm.AugmentedSeed)
            {
                var retriever = new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = Floor, TopK = arm.TopK, SegmentQuery = SegmentQuery });
                lessons = await retriever.RetrieveAsync(objective + "\n" + RuleWorld.BaseInstruction, Component, target, cancellationToken: ct);
            }

            var similar = new List<StartingCandidate>();
            if (arm.SimilarTasks)
            {
                var profile = new TaskProfile { Id = target, Objective = objective, SeedTexts = new() { [Component] = RuleWorld.BaseInstruction } };
                var query = await bank.EmbedAsync(profile.DescribeForEmbedding(), ct);
                similar.AddRange(StartingCandidates.FromSimilarTasks(bank, query, [Component], target, new StartingCandidateOptions { TaskSimilarityFloor = arm.InjectAll ? -1 : Floor }));
            }

            var byComponent = new Dictionary<string, IReadOnlyList<RetrievedLesson>> { [Component] = lessons };
            bool showLessons;
            if (Guard && Probe)
            {
                // The tool's start (MemoryStart): the probe, the race on its scores, and the start's known examples handed to
                // the engine instead of being evaluated again.
                var decided = await MemoryStart.DecideAsync(
                    new MemoryStartOptions
                    {
                        Seed = start,
                        Lessons = byComponent,
                        LessonsInReflection = arm.Lessons,
                        LessonAugmentedSeed = arm.AugmentedSeed,
                        SimilarTaskCandidates = similar,
                        Probe = true,
                        RaceExamples = options.MinibatchSize,
                        ValidationCount = world.Valset.Count,
                        Budget = budget,
                    },
                    (c, first, count, token) => adapter.EvaluateAsync([.. world.Valset.Skip(first).Take(count)], c, false, token).AsTask(),
                    ct);
                if (decided.Probed)
                {
                    var passed = decided.Probe.Passed ? 1 : 0;
                    lock (ProbeTotals)
                    {
                        ProbeTotals[0]++;
                        ProbeTotals[1] += passed;
                        ProbeTotals[2] += decided.Probe.RolloutsSpent;
                    }

                    ProbesByArm.AddOrUpdate(arm.Name, (1, passed), (_, t) => (t.Probed + 1, t.Passed + passed));
                }

                showLessons = decided.ShowLessons;
                spent = decided.RolloutsSpent;
                start = decided.Start;
                options.PriorSeedEvaluation = decided.StartEvaluation;
            }
            else
            {
                (showLessons, spent, start) = await LegacyStartAsync(adapter, world, start, byComponent, similar, arm, budget, options.MinibatchSize, ct);
            }

            if (showLessons)
            {
                options.ComponentReflectionPromptTemplates[Component] = LessonPrompt.AddLessons(ReflectionPrompt.DefaultTemplate, lessons);
                if (Guard)
                {
                    gate = new LessonGate(seed);
                    gate.Attach(options);
                    reflection = gate.Wrap(simulatedReflection);
                }
            }

            options.MaxMetricCalls = budget - spent;
        }

        var optimizer = new GepaOptimizer<RuleWorldExample>(adapter, reflection, options);
        GepaResult result;
        if (runDirectory is null)
        {
            result = await optimizer.OptimizeAsync(start, world.Trainset, world.Valset, ct);
        }
        else
        {
            using var directory = GepaRunDirectory.Create(runDirectory);
            directory.Attach(options);
            result = await directory.RunAsync(optimizer, start, world.Trainset, world.Valset, ct);
        }

        if (gate is not null)
        {
            lock (GateTotals)
            {
                GateTotals[0] += gate.Decisions.Decided;
                GateTotals[1] += gate.Decisions.Shown;
                GateTotals[2] += gate.ShownWins;
                GateTotals[3] += gate.ShownLosses;
                GateTotals[4] += gate.HiddenWins;
                GateTotals[5] += gate.HiddenLosses;
            }
        }

        var test = (await adapter.EvaluateAsync(world.Testset, result.BestCandidate, false, ct)).Scores.Average();
        int? toTarget = Enumerable.Range(0, result.NumCandidates)
            .Where(i => result.ValAggregateScores[i] >= Target)
            .Select(i => (int?)(result.DiscoveryEvalCounts[i] + spent))
            .Min();
        double? precision = lessons.Count == 0 ? null : lessons.Count(l => member.Requires(RuleWorldFamily.RuleOf(l.Lesson.Text))) / (double)lessons.Count;
        double? coverage = null, oracle = null;
        if (lessons.Count > 0 && bank is not null)
        {
            // How well the lessons were chosen, apart from the optimizer: the share of the target's test cases whose every
            // required rule some lesson states, against a greedy oracle that knows those cases and picks as many lessons
            // from the same leave-one-out pool.
            coverage = Coverage(world, lessons.Select(l => RuleWorldFamily.RuleOf(l.Lesson.Text)).ToHashSet());
            var pool = bank.ListLessons(Component).Where(l => l.Scope.Any(t => t != target)).Select(l => RuleWorldFamily.RuleOf(l.Text)).Distinct().ToList();
            var chosen = new HashSet<int>();
            for (var i = 0; i < lessons.Count && pool.Count > 0; i++)
            {
                var next = pool.OrderByDescending(r => Coverage(world, [.. chosen, r])).ThenBy(r => r).First();
                chosen.Add(next);
                pool.Remove(next);
            }

            oracle = Coverage(world, chosen);
        }

        // Guidelines in the best instruction about rules the target never requires: visible only when its world knows them.
        var best = result.BestCandidate[Component];
        var foreign = Enumerable.Range(0, RuleWorld.RuleKeywords.Count).Count(j => !member.Requires(j) && best.Contains(RuleWorld.RuleKeywords[j], StringComparison.OrdinalIgnoreCase));
        return new Outcome(target, arm.Name, capacity, budget, seed, test, result.BestScore, toTarget, spent, lessons.Count, precision, coverage, oracle, foreign);
    }

    /// <summary>The start as it was before <see cref="MemoryStart"/> (no probe; every scoring charged in full and the
    /// start evaluated again by the engine), which the tables made without <c>--guard</c> or with <c>--no-probe</c> were
    /// made with: kept so that their commands still reproduce them.</summary>
    private static async Task<(bool ShowLessons, int Spent, Candidate Start)> LegacyStartAsync(RuleWorldAdapter adapter, RuleWorld world, Candidate seed, Dictionary<string, IReadOnlyList<RetrievedLesson>> lessons, List<StartingCandidate> similar, Arm arm, int budget, int raceSize, CancellationToken ct)
    {
        var augmented = StartingCandidates.AugmentSeed(seed, lessons);
        var candidates = new List<StartingCandidate> { new() { Candidate = seed, Origin = StartingCandidate.SeedOrigin } };
        if (arm.AugmentedSeed && !augmented.Equals(seed))
        {
            candidates.Add(new StartingCandidate { Candidate = augmented, Origin = StartingCandidate.AugmentedSeedOrigin });
        }

        candidates.AddRange(similar);
        Func<Candidate, CancellationToken, Task<double>> validate = async (c, token) => (await adapter.EvaluateAsync(world.Valset, c, false, token)).Scores.Average();
        var race = world.Valset.Take(raceSize).ToList();
        var choice = Guard
            ? await StartingCandidates.ChooseAsync(candidates, world.Valset.Count, budget - world.Valset.Count, MemoryConstants.MaxStartBudgetShare, validate, race.Count, async (c, token) => (await adapter.EvaluateAsync(race, c, false, token)).Scores.Average(), ct)
            : await StartingCandidates.ChooseAsync(candidates, world.Valset.Count, budget - world.Valset.Count, MemoryConstants.MaxStartBudgetShare, validate, ct);
        return (arm.Lessons && lessons[Component].Count > 0, choice.RolloutsSpent, choice.Chosen.Candidate);
    }

    private static double Coverage(RuleWorld world, HashSet<int> rules) =>
        world.Testset.Count(e => e.RequiredRules.All(rules.Contains)) / (double)world.Testset.Count;
}
