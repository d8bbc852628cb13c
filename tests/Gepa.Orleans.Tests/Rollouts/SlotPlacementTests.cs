namespace Gepa.Orleans.Tests.Rollouts;

public sealed class SlotPlacementTests
{
    [Fact]
    public void Pick_NothingKnown_TriesSlotsNeverCalledInTurn()
    {
        var placement = new SlotPlacement(4);

        Assert.Equal((0L, (string?)null), placement.Pick());
        Assert.Equal((1L, (string?)null), placement.Pick());
        Assert.Equal(1, placement.KnownSilos);
    }

    [Fact]
    public void Pick_TwoSilosKnown_SendsEachBatchToTheLeastBusy()
    {
        var placement = new SlotPlacement(2);
        var (slot0, _) = placement.Pick();
        var (slot1, _) = placement.Pick();
        placement.Done(slot0, null, "a");
        placement.Done(slot1, null, "b");

        var first = placement.Pick();
        var second = placement.Pick();

        Assert.Equal(2, placement.KnownSilos);
        Assert.Equal(["a", "b"], new[] { first.Silo, second.Silo });
        Assert.Equal((0L, 1L), (first.Slot, second.Slot));
    }

    [Fact]
    public void Pick_KnownSiloBusyAndSlotsNeverCalled_ExploresANewSlot()
    {
        var placement = new SlotPlacement(3);
        placement.Done(placement.Pick().Slot, null, "a");
        var busy = placement.Pick();

        var next = placement.Pick();

        Assert.Equal("a", busy.Silo);
        Assert.Null(next.Silo);
        Assert.Equal(1L, next.Slot);
    }

    [Fact]
    public void Lost_SiloForgottenWithItsSlots_NextBatchGoesElsewhere()
    {
        var placement = new SlotPlacement(2);
        var (slot0, _) = placement.Pick();
        var (slot1, _) = placement.Pick();
        placement.Done(slot0, null, "a");
        placement.Done(slot1, null, "b");
        var onA = placement.Pick();
        Assert.Equal("a", onA.Silo);

        placement.Lost(onA.Slot, onA.Silo);

        Assert.Equal(1, placement.KnownSilos);
        var next = placement.Pick();
        Assert.Equal("b", next.Silo);
    }

    [Fact]
    public void Done_SlotMovedToAnotherSilo_RemappedAndLoadReleased()
    {
        var placement = new SlotPlacement(1);
        placement.Done(placement.Pick().Slot, null, "a");
        var guess = placement.Pick();

        placement.Done(guess.Slot, guess.Silo, "b");

        Assert.Equal(1, placement.KnownSilos);
        Assert.Equal((0L, "b"), placement.Pick());
    }
}
