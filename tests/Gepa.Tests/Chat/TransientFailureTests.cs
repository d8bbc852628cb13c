using System.Net;
using System.Text.Json;
using Xunit;

namespace Gepa.Tests.Chat;

public sealed class TransientFailureTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("5", 5.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("Wed, 25 Nov 2026 12:00:30 GMT", 30.0)]
    [InlineData("Wed, 25 Nov 2026 11:00:00 GMT", 0.0)]
    public void ParseRetryAfter_SecondsOrHttpDate_ReturnsDelay(string value, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TransientFailure.ParseRetryAfter(value, Now));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3")]
    public void ParseRetryAfter_Garbage_ReturnsNull(string value) => Assert.Null(TransientFailure.ParseRetryAfter(value, Now));

    [Fact]
    public void IsTransient_KnownShapes_Classified()
    {
        Assert.True(TransientFailure.IsTransient(new HttpRequestException("transport")));
        Assert.True(TransientFailure.IsTransient(new TimeoutException()));
        Assert.True(TransientFailure.IsTransient(new InvalidOperationException("wrapped", new JsonException("bad json"))));
        Assert.True(TransientFailure.IsTransient(new StatusException(529)));
        Assert.True(TransientFailure.IsTransient(new StatusException(429)));
        Assert.False(TransientFailure.IsTransient(new StatusException(401)));
        Assert.False(TransientFailure.IsTransient(new HttpRequestException("bad", null, HttpStatusCode.BadRequest)));
        Assert.False(TransientFailure.IsTransient(new OperationCanceledException()));
        Assert.False(TransientFailure.IsTransient(new ArgumentException("bug")));
    }

    [Fact]
    public void TryGetStatusCode_SdkStyleStatusProperty_Read() => Assert.Equal(503, TransientFailure.TryGetStatusCode(new InvalidOperationException("outer", new StatusException(503))));

    /// <summary>Shaped like System.ClientModel's ClientResultException: an int Status property.</summary>
    private sealed class StatusException(int status) : Exception("status " + status)
    {
        public int Status { get; } = status;
    }
}
