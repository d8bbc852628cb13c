using Microsoft.Extensions.Logging;

namespace Gepa;

/// <content>The adaptive budget policy's log messages (event ids from 100).</content>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Debug, "Iteration {Iteration}: candidate {Index} raced on {Evaluated} of {Total} validation examples against candidate {Incumbent} ({Wins} won, {Losses} lost): {Outcome}.")]
    public static partial void Raced(ILogger logger, int iteration, int index, int evaluated, int total, int incumbent, double wins, double losses, string outcome);

    [LoggerMessage(103, LogLevel.Information, "End of run: the leader, candidate {Index}, was scored on its {Missing} remaining validation examples; validation score {Score:0.###}.")]
    public static partial void Promoted(ILogger logger, int index, int missing, double score);

    [LoggerMessage(102, LogLevel.Debug, "Iteration {Iteration}: the bandit chose component '{Component}' ({Record}).")]
    public static partial void BanditChose(ILogger logger, int iteration, string component, string record);

    [LoggerMessage(101, LogLevel.Debug, "Iteration {Iteration}: the front holds candidates {I} and {J} with diversity {Diversity:0.###}; trying a merge.")]
    public static partial void DiversityMerge(ILogger logger, int iteration, int i, int j, double diversity);
}
