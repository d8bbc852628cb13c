namespace Gepa.Orleans.Cli;

/// <summary>A mistake on the command line: printed as one line, without a stack trace.</summary>
internal sealed class ClusterUsageException(string message) : Exception(message);
