#!/bin/sh
# vmcheck.sh -- run netlearn's kernel-dependent tests on Debian's stock kernel,
# under the machine profiles learners have.
#
# Boots the linux-image-amd64 kernel under QEMU (TCG by default: KVM hung at the
# BIOS on this kind of machine; VM_ACCEL=kvm to try it) with a busybox initramfs
# that loads the modules the lessons and link tests need (ipip, ipvlan, veth, bridge, macvlan, 8021q,
# vxlan, tun, nf_tables NAT ...), mounts this machine's root read-only over 9p
# with a tmpfs overlay on top, and runs the given test files inside. Each test's
# TAP comes back on the serial console between markers.
#
#   scripts/vmcheck.sh TOPDIR [@PROFILE] TEST... [@PROFILE TEST...]...
#
# A machine profile is set in the VM's own init namespace (what a learner's
# machine is, outside netlearn's sandbox) before the tests after it run:
#   @bare         a minimal machine: the kernel's defaults (the tests before any @PROFILE)
#   @rhel         RHEL/Fedora: rp_filter 1 (conf/all and conf/default)
#   @docker-host  a Docker host: ip_forward 1, rp_filter 2 (Ubuntu's), br_netfilter
#                 loaded with bridge-nf-call-iptables 1, a docker0 bridge and Docker's
#                 iptables rules (tests/data/vm-docker-host.iptables: FORWARD DROP, NAT)
# docker-host comes last: br_netfilter cannot be unloaded cleanly.
# Output: "### VM: ..." lines (boot, every module that failed to load),
# "### PROFILE NAME" and "### PROFILE-STATE NAME key=value..." (what the machine
# really is), then "### BEGIN NAME t", TAP, "### END NAME t rc SECONDS s" per test.
# VM_TEST_TIMEOUT (600 s): a test running longer is killed ("### VM: test timed
# out after ..."); VM_TIMEOUT (3000 s): the whole VM.
set -u
top=$1; shift
# check the profiles before booting anything
seen_docker=0
for a in "$@"; do
  case $a in
    @bare|@rhel) [ $seen_docker = 1 ] && { echo "vmcheck: $a after @docker-host: br_netfilter cannot be unloaded; put @docker-host last" >&2; exit 2; } ;;
    @docker-host) seen_docker=1 ;;
    @*) echo "vmcheck: unknown machine profile '$a' (use @bare, @rhel or @docker-host)" >&2; exit 2 ;;
  esac
done
kver=${VM_KERNEL:-$(ls /lib/modules 2>/dev/null | grep -- '-amd64$' | sort -V | tail -1)}
kernel=/boot/vmlinuz-$kver
if [ -z "$kver" ] || [ ! -r "$kernel" ]; then
  echo "vmcheck: no Debian kernel found (install linux-image-amd64: make deps)" >&2
  exit 3
fi
for tool in qemu-system-x86_64 cpio; do
  command -v $tool >/dev/null || { echo "vmcheck: $tool is missing (make deps)" >&2; exit 3; }
done
busybox=/bin/busybox        # from busybox-static: no shared libraries needed in the initramfs
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "ok installed" ||
  { echo "vmcheck: busybox-static is missing (make deps)" >&2; exit 3; }

work=$(mktemp -d /tmp/netlearn-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/initramfs
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/lower" "$root/up" "$root/newroot" "$root/lib/modules"
cp "$busybox" "$root/bin/busybox"

# the module closure, in load order, without repeats; each module named here
# must be loaded (or built in) once the VM is up, or the suite fails
MODULES="virtio_pci 9pnet_virtio 9p overlay veth bridge macvlan ipvlan vxlan ipip tun dummy 8021q sch_tbf sch_netem
  nf_tables nft_chain_nat nft_nat nft_masq nft_ct nft_reject_ipv4 nft_compat nft_fib_ipv4
  xt_MASQUERADE xt_nat xt_tcpudp xt_conntrack xt_addrtype ipt_REJECT nf_conntrack"
# loaded only when the docker-host profile starts (and checked then)
LATE_MODULES="br_netfilter"
: > "$root/modules.order"
: > "$root/late.order"
: > "$work/missing"
echo "-" > "$work/builtin"
closure() {   # NAMES -> insmod lines; a name modprobe does not know goes to $work/missing
  for m in "$@"; do
    out=$(modprobe -S "$kver" --show-depends "$m" 2>&1) || { echo "$m: $out" | head -1 >> "$work/missing"; continue; }
    printf '%s\n' "$out" | awk -v b="$work/builtin" '$1 == "insmod" {print} $1 == "builtin" {print $2 >> b}'
  done
}
# shellcheck disable=SC2086
closure $MODULES | awk '!seen[$2]++' > "$work/insmod.list"
# shellcheck disable=SC2086
closure $LATE_MODULES | awk 'NR == FNR {seen[$2] = 1; next} !seen[$2]++' "$work/insmod.list" - > "$work/late.list"
ship() {      # LIST ORDERFILE: copy (uncompressed) each module into the initramfs
  while read -r _ path params; do
    base=$(basename "$path")
    case $base in
      *.ko.xz) xz -dc "$path" > "$root/lib/modules/${base%.xz}"; base=${base%.xz} ;;
      *.ko.zst) zstd -qdc "$path" > "$root/lib/modules/${base%.zst}"; base=${base%.zst} ;;
      *) cp "$path" "$root/lib/modules/$base" ;;
    esac
    printf '%s %s\n' "$base" "$params" >> "$2"
  done < "$1"
}
ship "$work/insmod.list" "$root/modules.order"
ship "$work/late.list" "$root/late.order"
need() {      # NAMES -> the /sys/module names to find loaded (built-in ones need not show there)
  echo "$@" | tr ' ' '\n' | grep . | tr - _ | grep -vxF -f "$work/builtin"
}
need $MODULES > "$root/modules.need"
need $LATE_MODULES > "$root/late.need"
cp "$top/tests/data/vm-docker-host.iptables" "$root/docker-host.iptables"

# the tests to run inside, as one shell script run in the new root (root, the
# VM's init namespace): each @PROFILE token sets the machine up first
{
  cat <<'PROFILES'
modules_check() {   # NEEDFILE: every module named there is loaded or built in
  while read -r m; do
    [ -d "/sys/module/$m" ] || echo "### VM: module not loaded: $m"
  done < "$1"
}
sysw() { echo "$2" > "/proc/sys/$1" || echo "### VM: profile $p: cannot set $1 = $2"; }
state() {
  fw=$(iptables-save 2>/dev/null)
  echo "### PROFILE-STATE $p ip_forward=$(cat /proc/sys/net/ipv4/ip_forward)" \
    "rp_filter=$(cat /proc/sys/net/ipv4/conf/all/rp_filter)/$(cat /proc/sys/net/ipv4/conf/default/rp_filter)" \
    "br_netfilter=$([ -d /sys/module/br_netfilter ] && echo 1 || echo 0)" \
    "bridge_nf_call_iptables=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || echo -)" \
    "forward_policy=$(printf '%s\n' "$fw" | sed -n 's/^:FORWARD \([A-Z]*\) .*/\1/p' | head -1)" \
    "docker_chains=$(printf '%s\n' "$fw" | grep -cE '^:DOCKER(-USER|-ISOLATION-STAGE-[12])? ')" \
    "masquerade=$(printf '%s\n' "$fw" | grep -c -- '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE')" \
    "addrtype=$(printf '%s\n' "$fw" | grep -c -- '-m addrtype --dst-type LOCAL -j DOCKER')" \
    "docker0=$(ip -4 -o addr show dev docker0 2>/dev/null | awk '{print $4}' | grep . || echo -)"
}
profile() {
  p=$1
  echo "### PROFILE $p"
  # every profile starts from the kernel's defaults for what the others change
  sysw net/ipv4/ip_forward 0
  for c in all default; do sysw net/ipv4/conf/$c/rp_filter 0; done
  case $p in
    rhel)
      for c in all default; do sysw net/ipv4/conf/$c/rp_filter 1; done ;;
    docker-host)
      # named twice (@docker-host ... @docker-host): what the first one loaded
      # and made stays, the settings are put back
      while read -r mod params; do
        m=${mod##*/}; m=${m%%.ko*}; m=$(echo "$m" | tr - _)
        [ -d "/sys/module/$m" ] && continue
        # shellcheck disable=SC2086
        err=$(insmod "/tmp/vm-modules/$mod" $params 2>&1) || echo "### VM: insmod failed: $mod: $err"
      done < /tmp/vm-modules/late.order
      modules_check /tmp/vm-modules/late.need
      sysw net/ipv4/ip_forward 1
      for c in all default; do sysw net/ipv4/conf/$c/rp_filter 2; done
      for f in iptables ip6tables arptables; do sysw net/bridge/bridge-nf-call-$f 1; done
      ip link show docker0 >/dev/null 2>&1 ||
        { ip link add docker0 type bridge && ip addr add 172.17.0.1/16 dev docker0 && ip link set docker0 up; } ||
        echo "### VM: profile $p: cannot make docker0"
      err=$(iptables-restore < /tmp/vm-modules/docker-host.iptables 2>&1) ||
        echo "### VM: profile $p: iptables-restore failed: $(echo $err)" ;;
  esac
  state
}
PROFILES
  echo "cd '$top' || { echo '### VM: cannot enter $top'; exit 1; }"
  # TCG runs Lua many times slower than the host, and a loaded host's stolen time
  # counts as the guest's CPU time: 5 s of lesson CPU (an endless loop's limit)
  # was reached loading ipip under load. The limit itself is tested outside the VM.
  echo "export NETLEARN='$top/build/netlearn' PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb NETLEARN_LESSON_CPU=60"
  prof=bare
  echo "profile bare"
  for t in "$@"; do
    case $t in
      @*) prof=${t#@}; echo "profile $prof"; continue ;;
    esac
    echo "echo '### BEGIN $prof $t'; s=\$(date +%s)"
    # one test that never ends fails alone, and the others still run
    echo "timeout --foreground -s KILL ${VM_TEST_TIMEOUT:-600} './$t' 2>&1; rc=\$?"
    echo "[ \$rc = 137 ] && echo '### VM: test timed out after ${VM_TEST_TIMEOUT:-600} s: $prof $t'"
    echo "echo \"### END $prof $t \$rc \$((\$(date +%s) - s)) s\""
  done
} > "$root/vmtests.sh"

cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# a module that does not load is reported (the suite fails on it), never hidden
while read -r mod params; do
  err=$(insmod /lib/modules/$mod $params 2>&1) || echo "### VM: insmod failed: $mod: $err"
done < /modules.order
while read -r m; do [ -d "/sys/module/$m" ] || echo "### VM: module not loaded: $m"; done < /modules.need
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /lower || { echo "### VM: 9p mount failed"; poweroff -f; }
mount -t tmpfs -o size=1g tmpfs /up
mkdir -p /up/u /up/w
mount -t overlay overlay -o lowerdir=/lower,upperdir=/up/u,workdir=/up/w /newroot || { echo "### VM: overlay failed"; poweroff -f; }
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mkdir -p /newroot/dev/pts && mount -t devpts devpts /newroot/dev/pts
# as udev does on every distribution: /dev/net/tun is for everyone (devtmpfs
# makes it 0600, and the lab's root is not the machine's root)
chmod 666 /newroot/dev/net/tun
mount -t tmpfs tmpfs /newroot/run
# no tmpfs on /tmp: the tree under test may live there (a CI clone); the
# overlay's upper layer already makes /tmp writable
cp /vmtests.sh /newroot/tmp/vmtests.sh
mkdir -p /newroot/tmp/vm-modules
for m in $(cut -d' ' -f1 /late.order); do cp /lib/modules/$m /newroot/tmp/vm-modules/; done
cp /late.order /late.need /docker-host.iptables /newroot/tmp/vm-modules/
cp /bin/busybox /newroot/tmp/vm-modules/busybox
echo "### VM: kernel $(uname -r), modules loaded: $(wc -l < /proc/modules)"
# switch_root, not chroot: the kernel refuses a user namespace to a process
# whose root is not its mount namespace's root (a chroot), and netlearn's
# sandbox makes one, also as root
exec switch_root /newroot /bin/sh -c 'sh /tmp/vmtests.sh; echo "### VM: done"; /tmp/vm-modules/busybox poweroff -f'
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$work/initrd.gz"

accel=${VM_ACCEL:-tcg}
echo "### VM: booting Debian kernel $kver under QEMU ($accel)"
while read -r line; do echo "### VM: module not loaded: $line (not found for $kver)"; done < "$work/missing"
# qemu runs in the background so that a stopped run (^C, a CI timeout) takes it along
mkfifo "$work/serial"
timeout "${VM_TIMEOUT:-3000}" qemu-system-x86_64 -machine q35 -accel "$accel" -m 2048 -smp 2 \
  -cpu max -nographic -no-reboot -nic none \
  -kernel "$kernel" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 rdinit=/init" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -serial mon:stdio < /dev/null > "$work/serial" 2>&1 &
qpid=$!
trap 'kill $qpid 2>/dev/null; rm -rf "$work"; exit 130' INT TERM HUP
# line by line (sed -u): what a hung test printed last is in the log at once
sed -u 's/\r//g; s/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' < "$work/serial" &
wait $qpid       # (a trapped signal interrupts wait, not a foreground pipeline)
rc=$?
wait
[ $rc = 124 ] && echo "### VM: timed out after ${VM_TIMEOUT:-3000} s (VM_TIMEOUT)"
exit 0
