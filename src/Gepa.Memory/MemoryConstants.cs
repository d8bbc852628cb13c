namespace Gepa;

/// <summary>The defaults of the memory bank and of retrieval, in one place so options, docs and tests agree.</summary>
public static class MemoryConstants
{
    /// <summary>The schema version this build writes and understands.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The provider name <see cref="HashedEmbeddingGenerator"/> (the built-in embedder's version 1) reports, and
    /// the name a bank records for it; also how the <c>gepa</c> tool names the built-in embedder whatever its version.</summary>
    public const string HashedEmbedderName = "hashed";

    /// <summary>What the <c>gepa</c> tool calls <see cref="HashedEmbeddingGenerator"/> when a version is asked for
    /// explicitly (a bank still records it as <see cref="HashedEmbedderName"/>, as banks made before version 2 do).</summary>
    public const string HashedEmbedderVersion1Name = "hashed-1";

    /// <summary>The provider name <see cref="LexicalEmbeddingGenerator"/> (the built-in embedder's version 2) reports, and
    /// the name a bank records for it.</summary>
    public const string LexicalEmbedderName = "hashed-2";

    /// <summary>How long to wait for a file another process holds locked before refusing it, in milliseconds.</summary>
    public const int BusyTimeoutMilliseconds = 2000;

    /// <summary>The cosine similarity at or above which two lessons of one role are merged into one.</summary>
    public const double DuplicateSimilarity = 0.90;

    /// <summary>The most lessons kept per role (component); the weakest go first.</summary>
    public const int MaxLessonsPerRole = 200;

    /// <summary>A lesson is pruned when its harmful count reaches its helpful count plus this margin.</summary>
    public const int PruneMargin = 1;

    /// <summary>The longest lesson text kept, in characters.</summary>
    public const int MaxLessonLength = 300;

    /// <summary>The shortest line that can become a lesson, in characters (shorter lines are headings or punctuation).</summary>
    public const int MinLessonLength = 12;

    /// <summary>The longest feedback excerpt kept with an edit, in characters.</summary>
    public const int MaxFeedbackLength = 500;

    /// <summary>The longest diff kept with an edit, in characters: a rewrite of a long prompt would otherwise store both
    /// texts for every proposal of every run. Lessons are made from the run's texts, not from this diff.</summary>
    public const int MaxDiffLength = 4000;

    /// <summary>The most sample inputs kept in a task profile (only when the user allows it).</summary>
    public const int MaxSampleInputs = 5;

    /// <summary>The dimension of the hashed bag-of-words embedding, version 1 (<see cref="HashedEmbeddingGenerator"/>).</summary>
    public const int HashedDimensions = 384;

    /// <summary>The dimension of the built-in embedding, version 2 (<see cref="LexicalEmbeddingGenerator"/>). Feature
    /// hashing needs far more slots than the terms it hashes (Weinberger et al., 2009): two texts of <c>q</c> and <c>l</c>
    /// distinct terms share a slot by chance <c>q·l/D</c> times, and one such collision moves their cosine as much as one
    /// shared word. With a 30-term task description and a 7-term lesson that is 0.55 spurious words at 384 slots and 0.05
    /// at 4,096, which is chosen here; a vector takes 16 KB in the bank.</summary>
    public const int LexicalDimensions = 4096;

    /// <summary>The similarity below which a lesson (or another task's best candidate) is never retrieved, with an
    /// embedding model such as MiniLM: similarities of unrelated sentences sit below it.</summary>
    public const double SimilarityFloor = 0.35;

    /// <summary>The similarity floor with the built-in embedders (<see cref="HashedEmbeddingGenerator"/>,
    /// <see cref="LexicalEmbeddingGenerator"/>), which the task-family benchmark uses: their cosine counts shared words, so
    /// a lesson sharing one content word with a 30-word task description scores about 0.07 to 0.09, and at
    /// <see cref="SimilarityFloor"/> almost nothing would be retrieved.</summary>
    public const double BuiltInSimilarityFloor = 0.05;

    /// <summary>The weight of relevance against novelty in maximal marginal relevance (1 = relevance only).</summary>
    public const double MmrLambda = 0.7;

    /// <summary>The most lessons retrieved per query.</summary>
    public const int TopK = 5;

    /// <summary>The most tokens (estimated as characters / 4) the retrieved lessons may take together.</summary>
    public const int TokenCap = 600;

    /// <summary>The most best candidates of similar tasks tried as extra starting candidates.</summary>
    public const int MaxExtraCandidates = 3;

    /// <summary>The largest share of a run's rollout budget that choosing among starting candidates may spend.</summary>
    public const double MaxStartBudgetShare = 0.2;

    /// <summary>The most lessons a distillation keeps from one reply.</summary>
    public const int MaxDistilledLessons = 8;

    /// <summary>The most validation examples the lesson probe scores the seed and the lesson-augmented seed on: the
    /// fewest with which a set of lessons that applies to a quarter of the examples is seen at least once with
    /// probability 0.95 (1 - 0.75^11 = 0.96; 3 examples, the minibatch, see it with probability 0.58).</summary>
    public const int MaxProbeExamples = 11;
}
