/** The control topic's contract: commands that change the running job's model. */
package dev.slidr.contract.control;
