namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>Cluster tests run one at a time: their silos share the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCluster
{
    public const string Name = "orleans-cluster";
}
