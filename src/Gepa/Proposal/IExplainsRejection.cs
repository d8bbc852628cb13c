namespace Gepa.Strategies;

/// <summary>A built-in acceptance criterion that says why it rejected a child.</summary>
internal interface IExplainsRejection
{
    /// <summary>Why a child with this minibatch sum was rejected.</summary>
    /// <param name="parentSum">The parent's minibatch sum.</param>
    /// <param name="childSum">The child's minibatch sum.</param>
    /// <returns>The reason, for the rejection event.</returns>
    string Why(double parentSum, double childSum);
}
