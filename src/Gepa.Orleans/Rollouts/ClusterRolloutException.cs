namespace Gepa.Orleans;

/// <summary>A rollout failed on the cluster: the worker's rollout function threw, or a batch could not be delivered.</summary>
public sealed class ClusterRolloutException : Exception
{
    /// <summary>Initializes an exception.</summary>
    public ClusterRolloutException()
    {
    }

    /// <summary>Initializes an exception.</summary>
    /// <param name="message">What failed.</param>
    public ClusterRolloutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterRolloutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
