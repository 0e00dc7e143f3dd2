# Regenerates the shipped sample with its documented command line and compares bytes.
execute_process(
  COMMAND "${GENERATOR}" --rows 2500 --seed 20180305 --bad-rows 12 -o "${OUTPUT}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "rendezvous_gen_events failed: ${result}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUTPUT}" "${EXPECTED}"
  RESULT_VARIABLE differ)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "${OUTPUT} differs from ${EXPECTED}: the generator changed. If that was "
    "intended, regenerate the sample with the command in resources/sample/README.md.")
endif()
