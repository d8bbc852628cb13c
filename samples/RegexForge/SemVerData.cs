namespace RegexForge;

/// <summary>The labelled strings of the sample, grouped by what they exercise in the SemVer 2.0.0 grammar (labels follow
/// https://semver.org; a test checks them against the grammar's reference regex).</summary>
public static class SemVerData
{
    /// <summary>Gets the categories the regex is optimized on.</summary>
    public static IReadOnlyList<RegexCategory> Categories { get; } =
    [
        Category("core", "+0.0.0", "+1.2.3", "+10.20.30", "+999.999.999", "-1.2", "-1", "-1.2.3.4", "-a.b.c", "-1..3"),
        Category("leading-zeros", "+0.1.0", "+1.0.10", "+100.0.0", "-01.2.3", "-1.02.3", "-1.2.03", "-00.0.0"),
        Category("pre-release", "+1.0.0-alpha", "+1.0.0-alpha.1", "+1.0.0-0.3.7", "+1.0.0-x.7.z.92", "+1.0.0-alpha-beta", "-1.0.0-", "-1.0.0-alpha..1", "-1.0.0-alpha_1"),
        Category("pre-release-numbers", "+1.0.0-0", "+1.0.0-rc.10", "+1.0.0-0a", "-1.0.0-01", "-1.0.0-rc.01"),
        Category("build", "+1.0.0+20130313144700", "+1.0.0+exp.sha.5114f85", "+1.0.0+001", "+1.0.0+21AF26D3----117B344092BD", "-1.0.0+", "-1.0.0+build..1", "-1.0.0+b_1"),
        Category("pre-release-and-build", "+1.0.0-beta+exp.sha.5114f85", "+1.0.0-rc.1+build.1", "+1.0.0-alpha.beta+build", "-1.0.0-+build", "-1.0.0-rc.1+"),
        Category("surroundings", "+2.0.0", "-v1.2.3", "- 1.2.3", "-1.2.3 ", "-=1.2.3", "-1.2.3\t"),
        Category("hyphens", "+1.0.0-x-y-z.--", "+1.0.0---", "+1.0.0-a-b-c", "-1.0.0-x-y-z.", "-1.0.0-.a"),
        Category("backtracking-traps", "+1.0.0-aaaaaaaaaaaaaaaaaaaaaaaaa", "-1.0.0-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "-1.0.0-a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a!", "+1.0.0-a.a.a.a.a.a.a.a"),
    ];

    /// <summary>Gets held-out strings, never shown to the optimizer: the seed and the best regex are scored on them.</summary>
    public static IReadOnlyList<RegexCategory> HeldOut { get; } =
    [
        Category("held-out", "+3.14.159", "+2.0.0-rc.2", "+4.5.6+sha.abc123", "+0.0.1-pre.0.x+b.7", "+7.0.0-alpha-1.beta",
            "-3.14", "-02.0.0", "-2.0.0-rc.02", "-4.5.6+", "-v7.0.0", "-7.0.0-alpha_1", "-1.2.3-beta..2"),
    ];

    private static RegexCategory Category(string name, params string[] labelled) =>
        new(name, [.. labelled.Select(s => new LabelledString(s[1..], s[0] == '+'))]);
}
