using System.Globalization;

namespace Gepa;

/// <summary>Gives each dataset item its id: the user's <see cref="OptimizeAnythingOptions.ExampleId"/>, else
/// <c>train_&lt;i&gt;</c> / <c>val_&lt;i&gt;</c> as in the reference; ids must be unique across both splits.</summary>
internal static class OptimizeAnythingItems
{
    public static (IReadOnlyList<AnythingItem> Train, IReadOnlyList<AnythingItem>? Val) Of<TExample>(IReadOnlyList<TExample> dataset, IReadOnlyList<TExample>? valset, Func<object?, string?>? idOf)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var train = Name(dataset, "train", idOf, seen);
        var val = valset is null ? null : Name(valset, "val", idOf, seen);
        return (train, val);
    }

    private static List<AnythingItem> Name<TExample>(IReadOnlyList<TExample> items, string split, Func<object?, string?>? idOf, HashSet<string> seen)
    {
        var list = new List<AnythingItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var id = idOf?.Invoke(items[i]) ?? split + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (!seen.Add(id))
            {
                throw new ArgumentException($"Two examples have the id '{id}' ({split} item {i}); example ids must be unique across the dataset and the valset.", nameof(idOf));
            }

            list.Add(new AnythingItem(id, items[i]));
        }

        return list;
    }
}
