namespace Gepa;

/// <summary>Builds the candidates memory offers as a run's start (the seed with retrieved lessons appended; the best
/// candidates of similar tasks) and chooses among them by validation score within a capped share of the budget.</summary>
/// <remarks>The engine starts from one seed, so the extra candidates compete for that place rather than joining the
/// pool: each is scored on the validation set, the seed first, and the best (the seed on a tie) becomes the run's seed.
/// The rollouts this takes come off the run's budget; candidates that would exceed the cap are not scored.</remarks>
public static class StartingCandidates
{
    /// <summary>Returns the seed with each component's retrieved lessons appended as a bullet list (without lesson ids:
    /// the task model sees them, and ids mean nothing to it). A component without lessons keeps its text.</summary>
    /// <param name="seed">The seed candidate.</param>
    /// <param name="lessonsByComponent">The lessons retrieved for each component.</param>
    /// <returns>The augmented seed, or <paramref name="seed"/> itself when no component has lessons.</returns>
    public static Candidate AugmentSeed(Candidate seed, IReadOnlyDictionary<string, IReadOnlyList<RetrievedLesson>> lessonsByComponent)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(lessonsByComponent);
        if (!seed.Any(c => lessonsByComponent.TryGetValue(c.Key, out var l) && l.Count > 0))
        {
            return seed;
        }

        return new Candidate(seed.Select(c => lessonsByComponent.TryGetValue(c.Key, out var lessons) && lessons.Count > 0
            ? new KeyValuePair<string, string>(c.Key, c.Value.TrimEnd() + "\n\n" + string.Join('\n', lessons.Select(l => "- " + l.Lesson.Text)))
            : c));
    }

    /// <summary>Finds the best candidates of tasks similar to <paramref name="query"/>: one per task (its best validation
    /// score), only when it has exactly the seed's components, tasks at or above the similarity floor, most similar first.</summary>
    /// <param name="bank">The bank.</param>
    /// <param name="query">The new task's profile embedding (<see cref="MemoryBank.EmbedAsync"/> of its description).</param>
    /// <param name="components">The seed's component names.</param>
    /// <param name="excludeTaskId">The new task itself, whose own runs are left out; <see langword="null"/> to keep all.</param>
    /// <param name="options">The options.</param>
    /// <returns>At most <see cref="StartingCandidateOptions.MaxExtraCandidates"/> candidates.</returns>
    public static IReadOnlyList<StartingCandidate> FromSimilarTasks(MemoryBank bank, float[] query, IReadOnlyCollection<string> components, string? excludeTaskId, StartingCandidateOptions options)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var names = components.ToHashSet(StringComparer.Ordinal);
        var floor = options.TaskSimilarityFloor ?? bank.DefaultSimilarityFloor;
        var result = new List<StartingCandidate>();
        var tasks = bank.ListTaskProfiles()
            .Where(t => t.Id != excludeTaskId)
            .Select(t => (Task: t, Similarity: VectorMath.Cosine(t.Embedding, query)))
            .Where(p => p.Similarity >= floor)
            .OrderByDescending(p => p.Similarity)
            .ThenBy(p => p.Task.Id, StringComparer.Ordinal);
        foreach (var (task, similarity) in tasks)
        {
            if (result.Count >= options.MaxExtraCandidates)
            {
                break;
            }

            var best = bank.ListBestCandidates(task.Id)
                .Where(b => b.Components.Count == names.Count && b.Components.Keys.All(names.Contains))
                .OrderByDescending(b => b.ValScore)
                .ThenBy(b => b.RunId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null)
            {
                // The seed's component order, so round-robin selection visits components as it would from the seed.
                var candidate = new Candidate(components.Select(n => new KeyValuePair<string, string>(n, best.Components[n])));
                result.Add(new StartingCandidate { Candidate = candidate, Origin = "task:" + task.Id, Similarity = similarity });
            }
        }

        return result;
    }

    /// <summary>Scores the candidates on the validation set, the seed (the first) first, as far as the cap allows, and
    /// chooses the best; the seed wins ties, and copies of a candidate already scored are skipped.</summary>
    /// <param name="candidates">The candidates; the first is the run's own seed.</param>
    /// <param name="rolloutsPerCandidate">The rollouts one scoring takes (the validation set's size).</param>
    /// <param name="budget">The run's rollout budget.</param>
    /// <param name="maxBudgetShare">The largest share of <paramref name="budget"/> the choice may spend.</param>
    /// <param name="score">Scores a candidate on the validation set (mean score).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The choice; with fewer than two candidates, or a cap too small to score two, the seed unscored and
    /// nothing spent.</returns>
    public static async Task<StartingChoice> ChooseAsync(IReadOnlyList<StartingCandidate> candidates, int rolloutsPerCandidate, int budget, double maxBudgetShare, Func<Candidate, CancellationToken, Task<double>> score, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rolloutsPerCandidate, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var distinct = new List<StartingCandidate>();
        foreach (var c in candidates.Where(c => !distinct.Exists(d => d.Candidate.Equals(c.Candidate))))
        {
            distinct.Add(c);
        }

        var affordable = (int)Math.Floor(budget * Math.Clamp(maxBudgetShare, 0, 1)) / rolloutsPerCandidate;
        if (distinct.Count < 2 || affordable < 2)
        {
            return new StartingChoice { Chosen = candidates[0], Considered = candidates, RolloutsSpent = 0 };
        }

        var spent = 0;
        StartingCandidate chosen = distinct[0];
        foreach (var c in distinct.Take(affordable))
        {
            c.Score = await score(c.Candidate, cancellationToken);
            spent += rolloutsPerCandidate;
            if (c.Score > chosen.Score)
            {
                chosen = c;
            }
        }

        return new StartingChoice { Chosen = chosen, Considered = distinct, RolloutsSpent = spent };
    }

    /// <summary>Like <see cref="ChooseAsync(IReadOnlyList{StartingCandidate}, int, int, double, Func{Candidate, CancellationToken, Task{double}}, CancellationToken)"/>,
    /// but an extra candidate earns a validation only by beating the seed in a race on a few examples first, the test the
    /// engine itself puts a child to before it validates it (a strictly higher score on a minibatch). A candidate that
    /// does not beat the seed, such as a seed augmented with lessons that do not apply, then costs the race's rollouts
    /// instead of a validation, and when none beats it the seed starts unscored. A candidate is raced only while the cap
    /// leaves room for the race and the two validations it could lead to.</summary>
    /// <param name="candidates">The candidates; the first is the run's own seed.</param>
    /// <param name="rolloutsPerCandidate">The rollouts one scoring takes (the validation set's size).</param>
    /// <param name="budget">The run's rollout budget.</param>
    /// <param name="maxBudgetShare">The largest share of <paramref name="budget"/> the choice may spend.</param>
    /// <param name="score">Scores a candidate on the validation set (mean score).</param>
    /// <param name="raceRollouts">The rollouts one race scoring takes (the race examples' count, such as the minibatch size).</param>
    /// <param name="raceScore">Scores a candidate on the race examples (mean score; the same examples every time).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The choice; the seed when no candidate beat it in the race, with the race's rollouts spent.</returns>
    public static async Task<StartingChoice> ChooseAsync(IReadOnlyList<StartingCandidate> candidates, int rolloutsPerCandidate, int budget, double maxBudgetShare, Func<Candidate, CancellationToken, Task<double>> score, int raceRollouts, Func<Candidate, CancellationToken, Task<double>> raceScore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(raceScore);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rolloutsPerCandidate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(raceRollouts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var distinct = new List<StartingCandidate>();
        foreach (var c in candidates.Where(c => !distinct.Exists(d => d.Candidate.Equals(c.Candidate))))
        {
            distinct.Add(c);
        }

        var cap = (int)Math.Floor(budget * Math.Clamp(maxBudgetShare, 0, 1));
        if (distinct.Count < 2 || cap < (2 * raceRollouts) + (2 * rolloutsPerCandidate))
        {
            return new StartingChoice { Chosen = candidates[0], Considered = candidates, RolloutsSpent = 0 };
        }

        var seed = distinct[0];
        seed.RaceScore = await raceScore(seed.Candidate, cancellationToken);
        var spent = raceRollouts;
        var survivors = new List<StartingCandidate>();
        foreach (var c in distinct.Skip(1))
        {
            // Room for this race and for validating the seed and every survivor so far plus this one.
            if (spent + raceRollouts + ((survivors.Count + 2) * rolloutsPerCandidate) > cap)
            {
                break;
            }

            c.RaceScore = await raceScore(c.Candidate, cancellationToken);
            spent += raceRollouts;
            if (c.RaceScore > seed.RaceScore)
            {
                survivors.Add(c);
            }
        }

        if (survivors.Count == 0)
        {
            return new StartingChoice { Chosen = seed, Considered = distinct, RolloutsSpent = spent };
        }

        StartingCandidate chosen = seed;
        foreach (var c in survivors.Prepend(seed))
        {
            c.Score = await score(c.Candidate, cancellationToken);
            spent += rolloutsPerCandidate;
            if (c.Score > chosen.Score)
            {
                chosen = c;
            }
        }

        return new StartingChoice { Chosen = chosen, Considered = distinct, RolloutsSpent = spent };
    }
}
