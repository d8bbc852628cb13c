namespace Gepa.Simulation.Tests.MultiHop;

/// <summary>The vectors printed in src/Gepa.Simulation/MultiHop/README.md, checked by the tests.</summary>
internal static class ReadmeVectors
{
    public const string FirstQuestion = "Who founded the company where Osric Klumter works?";
    public const string FirstAnswer = "Ulric Zalfa";
    public const string FirstParagraph = "Petra Sanfi | Petra Sanfi is a composer. Petra Sanfi was born in Tarksond. Petra Sanfi works at Klindmirk Labs.";

    public const string Question = "Who founded the company where Osric Klumter works?";

    public const string SummarizeUser = "Question: " + Question + "\n\nPassages:\n- Osric Klumter | Osric Klumter is a painter. Osric Klumter works at Telfon Trading.\n- Telfon Trading | Telfon Trading was founded in 1901 by Ulric Zalfa.";

    public const string QueryUser = "Question: " + Question + "\n\nSummary: Osric Klumter is a painter. Osric Klumter works at Telfon Trading.";

    public const string AnswerUser = "Question: " + Question + "\n\nNotes:\n- Osric Klumter works at Telfon Trading.\n- Telfon Trading was founded in 1901 by Ulric Zalfa.";

    public const string ReflectPrompt = "```\nAnswer the question from the notes.\n```\nFeedback: Reply with the answer span only: the full name, place or year.";

    public const string JointPrompt = "Steps: write_query, answer.\n===== Step `write_query` =====\nCurrent instructions:\n```\nWrite a search query for the question.\n```\nFeedback: Name the bridge entity instead.\n\n===== Step `answer` =====\nCurrent instructions:\n```\nAnswer the question from the notes.\n```\nFeedback: Reply with the answer span only.";

    public const string JointReply = "```write_query\nWrite a search query for the question.\nName the bridge entity from the summary instead of repeating the question.\n```\n\n```answer\nAnswer the question from the notes.\nReply with the answer span only.\n```";
}
