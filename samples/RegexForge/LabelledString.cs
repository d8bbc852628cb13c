namespace RegexForge;

/// <summary>A string and whether a semantic-version regex should match it (the whole string).</summary>
/// <param name="Text">The string.</param>
/// <param name="IsVersion">Whether it is a valid SemVer 2.0.0 version.</param>
public sealed record LabelledString(string Text, bool IsVersion);
