using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>Reads a run directory the way the equality tests compare it: what the run decided (candidates, scores,
/// rollouts, proposals, random state), without what legitimately differs between sessions (wall-clock times, usage of
/// calls that were repeated after a kill).</summary>
public static class RunDirectoryProbe
{
    /// <summary>Gets the comparable content of a finished run directory, one entry per file.</summary>
    /// <param name="directory">The run directory.</param>
    /// <returns>File name to normalized content.</returns>
    public static Dictionary<string, string> Decisions(string directory)
    {
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "result.json")))!.AsObject();
        result.Remove("usage");
        // The whole checkpoint, rebuilt from state.json and the journals it covers.
        var state = JsonSerializer.SerializeToNode(GepaRunDirectory.ReadState(directory)!.Checkpoint, RunJsonContext.Default.GepaCheckpoint)!.AsObject();
        state.Remove("elapsed");
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!.AsObject();
        foreach (var volatileKey in new[] { "elapsed", "updatedAt", "session", "resumeCommand" })
        {
            summary.Remove(volatileKey);
        }

        return new Dictionary<string, string>
        {
            ["result.json"] = result.ToJsonString(),
            ["state.json checkpoint"] = state.ToJsonString(),
            ["summary.json"] = summary.ToJsonString(),
            ["candidates.jsonl"] = File.ReadAllText(Path.Combine(directory, "candidates.jsonl")),
            ["pareto_front.json"] = File.ReadAllText(Path.Combine(directory, "pareto_front.json")),
            ["best_candidate.json"] = File.ReadAllText(Path.Combine(directory, "best_candidate.json")),
            [GepaRunDirectory.PoolFileName] = File.ReadAllText(Path.Combine(directory, GepaRunDirectory.PoolFileName)),
            [GepaRunDirectory.ObservedFileName] = ReadOrEmpty(Path.Combine(directory, GepaRunDirectory.ObservedFileName)),
            [GepaRunDirectory.CacheFileName] = ReadOrEmpty(Path.Combine(directory, GepaRunDirectory.CacheFileName)),
        };
    }

    /// <summary>Describes where a kill landed, for a kill-and-resume test's messages: how far into its session, and the
    /// last iteration the run directory had saved.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="events">The events the session wrote before the kill.</param>
    /// <param name="session">The session's number, from 1.</param>
    /// <returns>The description.</returns>
    public static string Kill(string directory, long events, int session)
    {
        var state = GepaRunDirectory.ReadState(directory);
        return $"{events} events into session {session}, saved iteration {(state is null ? "none" : (state.Checkpoint.Iteration + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}";
    }

    private static string ReadOrEmpty(string file) => File.Exists(file) ? File.ReadAllText(file) : "";

    /// <summary>Counts the complete lines of a file as it grows, reading only what was appended since the last call.</summary>
    public sealed class LineCounter(string path)
    {
        private long _offset;

        /// <summary>Gets the complete lines counted so far.</summary>
        public int Lines { get; private set; }

        /// <summary>Reads what was appended and returns the line count.</summary>
        /// <returns>The number of complete lines.</returns>
        public int Poll()
        {
            if (!File.Exists(path))
            {
                return Lines;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length < _offset)
            {
                (_offset, Lines) = (0, 0); // cut back by a resume
            }

            file.Position = _offset;
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                Lines += buffer.AsSpan(0, read).Count((byte)'\n');
                _offset += read;
            }

            return Lines;
        }
    }
}
