namespace Gepa;

/// <summary>One example as the optimize-anything machinery sees it: a stable id and the user's value
/// (<see langword="null"/> in single-task mode).</summary>
internal sealed record AnythingItem(string Id, object? Value);
