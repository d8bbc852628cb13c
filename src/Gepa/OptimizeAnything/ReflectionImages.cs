using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Keeps the images of side information so that the reflection prompt, which the engine sends as text, can
/// name them with a marker, and <see cref="ReflectionImageChatClient"/> can attach them to the request.</summary>
internal sealed partial class ReflectionImages
{
    private readonly ConcurrentDictionary<string, DataContent> _images = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Registers an image and returns the marker the prompt shows in its place.</summary>
    public string Marker(DataContent image)
    {
        var id = "img-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        _images[id] = image;
        return $"[image {id}: {image.MediaType}, {image.Data.Length} bytes, attached]";
    }

    /// <summary>The images a text names, in order of first mention.</summary>
    public IReadOnlyList<DataContent> In(string text)
    {
        var found = new List<DataContent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in MarkerPattern().Matches(text))
        {
            var id = m.Groups[1].Value;
            if (seen.Add(id) && _images.TryGetValue(id, out var image))
            {
                found.Add(image);
            }
        }

        return found;
    }

    [GeneratedRegex(@"\[image (img-\d+):", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
