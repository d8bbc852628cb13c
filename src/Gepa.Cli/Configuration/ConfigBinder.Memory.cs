namespace Gepa.Cli.Configuration;

/// <summary>The <c>memory</c> section.</summary>
internal sealed partial class ConfigBinder
{
    // Off unless memory.enabled is true, so a configuration without the section (the reference's settings among them)
    // runs exactly as before.
    private MemorySettings? BuildMemory()
    {
        if (GetValue<bool>("memory.enabled") != true)
        {
            return null;
        }

        var task = Get<string>("memory.task") ?? Path.GetFileNameWithoutExtension(_file);
        if (string.IsNullOrWhiteSpace(task))
        {
            Error(LocationOf("memory.task") ?? FileLocation, "memory.task", "must not be empty; name the task, for example task: invoices-de.");
            return null;
        }

        var objective = Get<string>("memory.objective");
        return new MemorySettings
        {
            Bank = Get<string>("memory.bank"),
            TaskId = task.Trim(),
            Objective = string.IsNullOrWhiteSpace(objective) ? null : objective,
            LessonsInReflection = GetValue<bool>("memory.lessons-in-reflection") ?? true,
            SimilarTaskCandidates = GetValue<bool>("memory.similar-task-candidates") ?? true,
            LessonAugmentedSeed = GetValue<bool>("memory.lesson-augmented-seed") ?? true,
            Learn = GetValue<bool>("memory.learn") ?? true,
            Distill = GetValue<bool>("memory.distill") ?? false,
            GuardLessons = GetValue<bool>("memory.guard.lessons") ?? true,
            RaceStart = GetValue<bool>("memory.guard.race-start") ?? true,
            GuardProbe = GetValue<bool>("memory.guard.probe") ?? true,
            Retrieval = new RetrievalOptions
            {
                SimilarityFloor = GetValue<double>("memory.retrieval.floor"),
                TopK = GetValue<int>("memory.retrieval.k") ?? MemoryConstants.TopK,
                TokenCap = GetValue<int>("memory.retrieval.token-cap") ?? MemoryConstants.TokenCap,
                SegmentQuery = GetValue<bool>("memory.retrieval.segment-query") ?? false,
            },
            Start = new StartingCandidateOptions
            {
                UseSimilarTaskCandidates = GetValue<bool>("memory.similar-task-candidates") ?? true,
                UseLessonAugmentedSeed = GetValue<bool>("memory.lesson-augmented-seed") ?? true,
                MaxExtraCandidates = GetValue<int>("memory.start.max-candidates") ?? MemoryConstants.MaxExtraCandidates,
                TaskSimilarityFloor = GetValue<double>("memory.start.task-floor"),
                MaxBudgetShare = GetValue<double>("memory.start.budget-share") ?? MemoryConstants.MaxStartBudgetShare,
            },
        };
    }
}
