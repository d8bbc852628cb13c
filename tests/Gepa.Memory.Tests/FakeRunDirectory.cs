namespace Gepa.Memory.Tests;

/// <summary>Writes a small finished run directory by hand, in the documented format (docs/run-directory.md): a seed, an
/// accepted edit, a rejected one, a second accepted edit on the best's lineage, and an accepted edit on a side branch.</summary>
internal static class FakeRunDirectory
{
    public const string Kelvin = "Report every temperature in kelvin.";
    public const string Iso = "Write all dates in ISO 8601 format.";
    public const string Polite = "Always be polite and nice to the user.";
    public const string SideBranch = "Use short answers always please.";
    public const string LeakedKey = "sk-abcdefghijklmnopqrstuvwxyz123456";

    public static string Write(string root, string name)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "run.json"), """{"formatVersion":1}""");
        var seed = "Answer the question.";
        var lines = new[]
        {
            Line(0, "seed", 0, "accepted", [], 0, seed, 0.2, null, null, ""),
            Line(1, "mutation", 1, "accepted", [0], 1, seed + "\\n" + Kelvin, 0.5, 1, 2, "Wrong unit; expected kelvin. key " + LeakedKey),
            Line(2, "mutation", 2, "rejected", [1], null, seed + "\\n" + Kelvin + "\\n" + Polite, null, 2, 1, "Be nicer"),
            Line(3, "mutation", 3, "accepted", [1], 2, seed + "\\n" + Kelvin + "\\n" + Iso, 0.7, 2, 3, "Dates must be ISO"),
            Line(4, "mutation", 4, "accepted", [0], 3, seed + "\\n" + SideBranch, 0.3, 1, 2, "Too long"),
        };
        File.WriteAllText(Path.Combine(dir, "candidates.jsonl"), string.Join("\n", lines) + "\n");
        File.WriteAllText(Path.Combine(dir, "summary.json"), """{"formatVersion":1,"status":"completed","bestCandidate":2,"bestScore":0.7,"seedScore":0.2,"rollouts":120,"testScore":0.65}""");
        return dir;
    }

    private static string Line(int id, string kind, int iteration, string decision, int[] parents, int? index, string text, double? val, double? parentSum, double? childSum, string feedback)
    {
        var parentList = string.Join(",", parents);
        var idx = index is null ? "" : $",\"candidateIndex\":{index}";
        var v = val is null ? "" : $",\"valScore\":{val.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var sums = parentSum is null ? "" : $",\"parentSum\":{parentSum},\"childSum\":{childSum}";
        var records = feedback.Length == 0 ? "" : $",\"reflectiveRecords\":{{\"instructions\":[{{\"Inputs\":\"q\",\"Generated Outputs\":\"a\",\"Feedback\":\"{feedback}\"}}]}}";
        var components = kind == "seed" ? "" : ",\"components\":[\"instructions\"]";
        return $"{{\"id\":{id},\"kind\":\"{kind}\",\"iteration\":{iteration},\"decision\":\"{decision}\",\"parents\":[{parentList}]{idx}{components},\"texts\":{{\"instructions\":\"{text}\"}}{v}{sums},\"rollouts\":{id * 20}{records}}}";
    }
}
