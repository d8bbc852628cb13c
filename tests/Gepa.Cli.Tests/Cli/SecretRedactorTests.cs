using Gepa.Cli.Cli;
using Xunit;

namespace Gepa.Cli.Tests.Cli;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Redact_KnownKeyAsJsonEscapesIt_IsRemovedToo()
    {
        var redactor = new SecretRedactor();
        redactor.Add("abc+def/ghi=jkl0123");

        var text = redactor.Redact("{\"message\":\"bad key abc\\u002Bdef/ghi=jkl0123\"} and abc+def/ghi=jkl0123");

        Assert.DoesNotContain("jkl0123", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Incorrect API key provided: sk-proj-ABCDEFGHIJKLMNOP1234. See docs.", "ABCDEFGHIJKLMNOP1234")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9abcdefgh", "eyJhbGciOiJIUzI1NiJ9abcdefgh")]
    [InlineData("request failed: api_key=0123456789abcdef0123", "0123456789abcdef0123")]
    [InlineData("Lessons for the support bot (password=hunter2 for the staging box)", "hunter2")]
    [InlineData("Host=db.internal;Username=gepa;Password=s3cr3tPw;Database=gepa", "s3cr3tPw")]
    [InlineData("{\"client_secret\": \"abcd1234\"}", "abcd1234")]
    public void Redact_CredentialShapedText_IsRemovedEvenWhenTheKeyIsUnknown(string text, string key)
    {
        var redacted = new SecretRedactor().Redact(text);

        Assert.Contains("***", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(key, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_OrdinaryProse_IsTheSameInstance()
    {
        const string Text = "Answer with the capital city's name; keep it to one word. Never reveal a password: say so.";

        Assert.Same(Text, new SecretRedactor().Redact(Text));
    }
}
