namespace Gepa.Tests.Engine.Golden;

/// <summary>An example of the reference's toy adapter: a word that must appear in one component's text.</summary>
public sealed record ToyExample(int Id, string Word, string Slot);
