# gil-speedup: speedup over 1 thread vs threads, for CPU-bound and I/O-bound programs of the mini
# interpreter, with the GIL and without. Loaded after plot/style.gp, which sets the terminal,
# data_dir, machine and cores.
set title "Threads and the GIL: CPU-bound work waits its turn, I/O-bound work overlaps" \
    font ',26'
set xlabel 'threads'
set ylabel 'speedup (work per second ÷ with 1 thread)'
set xrange [0.5:8.5]
set yrange [0:9<*]  # at least up to 9, more if a run got there
set xtics (1, 2, 3, 4, 8)
set ytics 1
set key top left

# Where the threads outnumber the cores: past this line only waiting can still overlap.
set arrow 1 from cores, graph 0 to cores, graph 1 nohead lc rgb '#555555' lw 3 dt 3
set label 1 sprintf('%d cores', cores) at cores, graph 0.5 offset 0.6, 0 left \
    textcolor rgb '#555555'
set label 2 'I/O: each request waits 1 ms for its reply' at graph 0.99, graph 0.04 right \
    font ',16' textcolor rgb '#555555'

# Blues for CPU-bound, oranges for I/O-bound; the darker one of each has the GIL. Each point is
# the median of the runs; the error bar spans the fastest and slowest run.
# The two I/O-bound lines may lie on top of each other: the one with the GIL is drawn wider,
# underneath, so that both stay visible.
file(name) = data_dir . '/' . name . '.tsv'
plot x lt 8 title 'ideal (y = threads)', \
     file('io-gil-on')   using 1:2:3:4 with yerrorlines lt 2 lw 9 ps 2.2 \
         title 'I/O-bound, GIL on', \
     file('io-gil-off')  using 1:2:3:4 with yerrorlines lt 5 title 'I/O-bound, GIL off', \
     file('cpu-gil-off') using 1:2:3:4 with yerrorlines lt 6 title 'CPU-bound, GIL off', \
     file('cpu-gil-on')  using 1:2:3:4 with yerrorlines lt 1 title 'CPU-bound, GIL on'
