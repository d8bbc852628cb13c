namespace Gepa.Tests.Engine;

public sealed class GepaOptionsTests
{
    [Fact]
    public void BudgetPolicy_Default_IsAdaptive()
    {
        // The policy that was ahead or equal in every world measured (docs/robustness.md) is what users get.
        Assert.Equal(BudgetPolicy.Adaptive, new GepaOptions().BudgetPolicy);
        Assert.Equal(BudgetPolicy.Adaptive, GepaConstants.DefaultBudgetPolicy);
    }

    [Fact]
    public void ReferenceMode_WhateverTheDefault_UsesTheReferenceAllocationAndAccounting()
    {
        var o = GepaOptions.ReferenceMode();

        Assert.NotEqual(GepaConstants.DefaultBudgetPolicy, o.BudgetPolicy);
        Assert.Equal(BudgetPolicy.Fixed, o.BudgetPolicy);
        Assert.False(o.StrictBudget);
        Assert.False(o.DeduplicateCandidates);
        Assert.False(o.CacheMinibatchEvaluations);
        Assert.False(o.CountRejectedMerges);
        Assert.Null(o.PriorSeedEvaluation);
        Assert.Null(o.Adaptive.AdaptiveValidation);
        Assert.Null(o.Adaptive.FocusedMinibatch);
    }

    [Fact]
    public void ReferenceMode_EachCall_IsAFreshInstance()
    {
        var first = GepaOptions.ReferenceMode();
        first.BudgetPolicy = BudgetPolicy.Adaptive;

        Assert.Equal(BudgetPolicy.Fixed, GepaOptions.ReferenceMode().BudgetPolicy);
    }
}
