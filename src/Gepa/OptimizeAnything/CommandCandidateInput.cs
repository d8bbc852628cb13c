namespace Gepa;

/// <summary>How a <see cref="CommandEvaluator"/> hands the candidate to its command.</summary>
public enum CommandCandidateInput
{
    /// <summary>On standard input: the text itself for a text candidate, a JSON object of component to text otherwise.</summary>
    Stdin,

    /// <summary>In a temporary file whose path replaces <c>{candidate}</c> in the arguments (or is appended when no
    /// argument has it), and is in <c>GEPA_CANDIDATE_FILE</c>.</summary>
    File,
}
