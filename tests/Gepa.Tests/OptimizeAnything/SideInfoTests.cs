using System.Text.Json;

namespace Gepa.Tests.OptimizeAnything;

public sealed class SideInfoTests
{
    [Fact]
    public void Score_And_For_BuildTheConventionalShape()
    {
        var info = new SideInfo().Input("1.2").Expected("match").Score("f1", 0.5).For("code", s => s.Score("size", 0.25));

        Assert.Equal([new KeyValuePair<string, double>("f1", 0.5)], info.ObjectiveScores());
        Assert.Equal(["Input", "Expected", "scores", "code_specific_info"], info.Keys);
        var objectives = AnythingAdapter.ObjectiveScores(new Candidate([new("code", "x")]), info);
        Assert.Equal(0.25, objectives["code::size"]);
        Assert.Equal(0.5, objectives["f1"]);
    }

    [Fact]
    public void Score_NotFinite_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SideInfo().Score("x", double.NaN));

    [Fact]
    public void FromJson_ToJson_RoundTripsNestedValues()
    {
        using var doc = JsonDocument.Parse("""{"Error":"CS1002","scores":{"f1":0.5},"cases":["a",1,true]}""");
        var info = SideInfo.FromJson(doc.RootElement);

        Assert.Equal(0.5, info.ObjectiveScores()[0].Value);
        Assert.Equal("""{"Error":"CS1002","scores":{"f1":0.5},"cases":["a",1,true]}""", info.ToJson().ToJsonString());
    }

    [Fact]
    public void FromJson_NotAnObject_BecomesFeedback()
    {
        using var doc = JsonDocument.Parse("\"too slow\"");
        Assert.Equal("too slow", SideInfo.FromJson(doc.RootElement)[SideInfoKeys.Feedback]);
    }

    [Fact]
    public void ToJson_Image_IsWrittenAsItsTypeAndSize()
    {
        var json = new SideInfo().Image("Plot", new byte[10]).ToJson().ToJsonString();
        Assert.Equal("""{"Plot":{"image":"image/png","bytes":10}}""", json);
    }
}
