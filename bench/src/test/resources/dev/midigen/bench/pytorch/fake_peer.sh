# Stands in for a PyTorch peer in PytorchPeerTest (run with sh): prints what it was given, as a peer prints figures.
case "$1" in
  fail) echo 'ModuleNotFoundError: No module named torch'; exit 1 ;;
  silent) echo 'no figures here'; exit 0 ;;
esac
echo 'a warning on stdout'
echo "pytorch train_ms_per_step=250.5 seq_per_s=255.5 threads=2 torch=2.13.0+cpu omp=${OMP_NUM_THREADS:-unset}"
echo "pytorch sample_steps_per_s=1700 args=$#"
