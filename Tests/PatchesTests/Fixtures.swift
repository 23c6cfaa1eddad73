// Mail bodies written for these tests in the shapes real tools produce (git send-email, b4,
// git format-patch cover letters, hand-edited and mangled mail). None is a copy of an archived mail.

enum Fixtures {
    /// git send-email, one patch: notes under `---`, diffstat, diff, git's signature.
    static let sendEmailWithNotes = """
        When the guest disables the PMU, the host keeps the counters running and
        leaks events into the next boot.

        Stop the counters on reset.

        Fixes: 0123456789ab ("KVM: x86: Add PMU reset")
        Reviewed-by: Alice Example <alice@example.org>
        Signed-off-by: Bob Example <bob@example.com>
        ---
        Changed since v1:
          - Reset the fixed counters too (Alice).
        Changed since v2:
          - Nothing.

         arch/x86/kvm/pmu.c | 13 +++++++++++--
         1 file changed, 11 insertions(+), 2 deletions(-)

        diff --git a/arch/x86/kvm/pmu.c b/arch/x86/kvm/pmu.c
        index 1111111..2222222 100644
        --- a/arch/x86/kvm/pmu.c
        +++ b/arch/x86/kvm/pmu.c
        @@ -10,6 +10,15 @@ static void pmu_reset(struct kvm_vcpu *vcpu)
        \tint i;
        +\tfor (i = 0; i < n; i++)
        +\t\tstop(i);
        --\u{20}
        2.43.0

        """

    /// A patch sent by one person for another: the in-body From names the author.
    static let inBodyFrom = """
        From: Fred Griffoul <fgriffo@amazon.co.uk>

        Mark the APIC access page dirty when syncing vmcs12 pages, so that
        migration copies it.

        Signed-off-by: Fred Griffoul <fgriffo@amazon.co.uk>
        Co-developed-by: Sean Example <sean@example.com>
        Signed-off-by: Sean Example <sean@example.com>
        ---
         arch/x86/kvm/vmx/nested.c | 2 +-
         1 file changed, 1 insertion(+), 1 deletion(-)

        diff --git a/arch/x86/kvm/vmx/nested.c b/arch/x86/kvm/vmx/nested.c
        index 3333333..4444444 100644
        --- a/arch/x86/kvm/vmx/nested.c
        +++ b/arch/x86/kvm/vmx/nested.c
        @@ -1,3 +1,3 @@
        -old
        +new
        --\u{20}
        2.51.0

        """

    /// A b4 cover letter: changes with "Link to v2:", then `---`, the shortlog, the diffstat,
    /// another `---`, base-commit and change-id, and b4's sign-off.
    static let b4Cover = """
        Not all IOMMUs support the same address width as the processor.

        Use a small allocator for IOVAs instead.

        To: Alice Example <alice@example.org>
        Cc: kvm@vger.kernel.org
        Signed-off-by: Carol Example <carol@example.net>

        Changes in v3:
        - Update capability chain cycle detection
        - Link to v2: https://lore.kernel.org/r/20250101-iova-ranges-v2-0-abcdef012345@example.net

        Changes in v2:
        - Fix various nits
        - Link to v1: https://lore.kernel.org/r/20241231-iova-ranges-v1-0-012345abcdef@example.net

        ---
        Carol Example (2):
              vfio: selftests: add iova range query helpers
              vfio: selftests: add iova allocator

         .../testing/selftests/vfio/lib/include/vfio_util.h |  19 +-
         tools/testing/selftests/vfio/lib/vfio_pci_device.c | 246 ++++++++++++++++++---
         2 files changed, 251 insertions(+), 14 deletions(-)
        ---
        base-commit: 0123456789abcdef0123456789abcdef01234567
        change-id: 20241231-iova-ranges-1c09549a7c2e

        Best regards,
        --\u{20}
        Carol Example <carol@example.net>

        """

    /// A `git format-patch --cover-letter` cover: no `---`, the shortlog (two authors, one wrapped
    /// title) and the diffstat follow the text directly.
    static let formatPatchCover = """
        Hi all,

        This series fences ATS while a PCI device resets.

        Changelog
        v2
         * Rebase
        v1
         https://lore.kernel.org/all/cover.1700000000.git.dave@example.com/

        Thanks
        Dave

        Dave Example (2):
          iommu: Lock group->mutex in iommu_deferred_attach()
          pci: Suspend iommu function prior to resetting a
            device

        Erin Example (1):
          iommu: Tidy domain for iommu_setup_dma_ops()

         drivers/iommu/iommu.c | 230 +++++++++++++++++++++++++++++++++++++++++-
         drivers/pci/pci.c     |  68 ++++++++++++-
         2 files changed, 290 insertions(+), 8 deletions(-)

        --\u{20}
        2.43.0

        """

    /// A format-patch cover with an interdiff and a range-diff after the diffstat.
    static let coverWithInterdiff = """
        Second round.

        Dave Example (1):
          kvm: fix the thing

         virt/kvm/kvm_main.c | 2 +-
         1 file changed, 1 insertion(+), 1 deletion(-)

        Interdiff against v1:
        diff --git a/virt/kvm/kvm_main.c b/virt/kvm/kvm_main.c
        index 5555555..6666666 100644
        --- a/virt/kvm/kvm_main.c
        +++ b/virt/kvm/kvm_main.c
        @@ -1 +1 @@
        -a
        +b
        Range-diff against v1:
        1:  1234567 ! 1:  89abcde kvm: fix the thing
            @@ Commit message
        --\u{20}
        2.43.0

        """
}
