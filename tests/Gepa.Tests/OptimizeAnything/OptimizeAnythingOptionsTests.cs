namespace Gepa.Tests.OptimizeAnything;

public sealed class OptimizeAnythingOptionsTests
{
    [Fact]
    public void Gepa_Default_KeepsTheReferenceAllocationWhateverTheLibraryDefault()
    {
        // Evaluator scores are unbounded and budgets tiny: the adaptive policy's focused minibatch and races do not fit.
        var options = new OptimizeAnythingOptions();

        Assert.Equal(BudgetPolicy.Fixed, options.Gepa.BudgetPolicy);
        Assert.NotEqual(GepaConstants.DefaultBudgetPolicy, options.Gepa.BudgetPolicy);
    }
}
