namespace Gepa;

/// <summary>A consistent copy of the usage counted so far, per role and in total.</summary>
public sealed class ChatUsageSnapshot
{
    /// <summary>Initializes a snapshot.</summary>
    /// <param name="roles">The usage of each role, in the order the roles were first seen.</param>
    public ChatUsageSnapshot(IReadOnlyList<RoleUsage> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        Roles = roles;
    }

    /// <summary>Gets the usage of each role, in the order the roles were first seen.</summary>
    public IReadOnlyList<RoleUsage> Roles { get; }

    /// <summary>Gets the total input tokens of every role.</summary>
    public long TotalInputTokens => Roles.Sum(r => r.InputTokens);

    /// <summary>Gets the total output tokens of every role.</summary>
    public long TotalOutputTokens => Roles.Sum(r => r.OutputTokens);

    /// <summary>Gets the total cost of the roles that have a price, or <see langword="null"/> when none has.</summary>
    public decimal? TotalCost => Roles.Any(r => r.Cost is not null) ? Roles.Sum(r => r.Cost ?? 0m) : null;

    /// <summary>Gets the usage of <paramref name="role"/>, or an empty record when it made no call.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The usage.</returns>
    public RoleUsage For(string role) =>
        Roles.FirstOrDefault(r => r.Role == role) ?? new RoleUsage(role, 0, 0, 0, 0, 0, 0, null);
}
