using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gepa.Tests.Engine.Golden;

/// <summary>Deep JSON equality where numbers compare as doubles (Python writes 0.0 where .NET writes 0) and object
/// key order does not matter.</summary>
public static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual, string what)
    {
        if (!DeepEquals(expected, actual))
        {
            Assert.Fail($"{what} differs.\nexpected: {expected?.ToJsonString() ?? "null"}\nactual:   {actual?.ToJsonString() ?? "null"}");
        }
    }

    private static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                return oa.Count == ob.Count && oa.All(kv => ob.TryGetPropertyValue(kv.Key, out var v) && DeepEquals(kv.Value, v));
            case JsonArray aa when b is JsonArray ab:
                return aa.Count == ab.Count && aa.Zip(ab).All(p => DeepEquals(p.First, p.Second));
            case JsonValue va when b is JsonValue vb:
                var ka = va.GetValueKind();
                var kb = vb.GetValueKind();
                if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
                {
                    return double.Parse(va.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) == double.Parse(vb.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                }

                return ka == kb && JsonNode.DeepEquals(va, vb);
            default:
                return false;
        }
    }
}
