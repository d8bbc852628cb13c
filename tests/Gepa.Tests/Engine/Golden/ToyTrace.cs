namespace Gepa.Tests.Engine.Golden;

public sealed record ToyTrace(ToyExample Example, string Feedback, string Slot);
