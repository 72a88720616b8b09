<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AssistPanel</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>I need the police here</source>
        <translation>I need the police here</translation>
    </message>
    <message>
        <source>I need an ambulance</source>
        <translation>I need an ambulance</translation>
    </message>
    <message>
        <source>I am in danger</source>
        <translation>I am in danger</translation>
    </message>
    <message>
        <source>I am safe now</source>
        <translation>I am safe now</translation>
    </message>
    <message>
        <source>Someone is injured</source>
        <translation>Someone is injured</translation>
    </message>
    <message>
        <source>I am still at the kiosk</source>
        <translation>I am still at the kiosk</translation>
    </message>
    <message>
        <source>The operator has been told that you cannot speak or hear, and where you are. Answer with the buttons.</source>
        <translation>The operator has been told that you cannot speak or hear, and where you are. Answer with the buttons.</translation>
    </message>
    <message>
        <source>Tell the operator again</source>
        <translation>Tell the operator again</translation>
    </message>
    <message>
        <source>The operator&apos;s replies cannot be shown at this kiosk yet. The operator sees every answer you send. Keep the handset near you.</source>
        <translation>The operator&apos;s replies cannot be shown at this kiosk yet. The operator sees every answer you send. Keep the handset near you.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Type your own answer</source>
        <translation>Type your own answer</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation>Your answer</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
</context>
<context>
    <name>CallScreen</name>
    <message>
        <source>Calling %1…</source>
        <translation>Calling %1…</translation>
    </message>
    <message>
        <source>Ringing %1…</source>
        <translation>Ringing %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connected to %1</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Call ended</translation>
    </message>
    <message>
        <source>You ended the call.</source>
        <translation>You ended the call.</translation>
    </message>
    <message>
        <source>The operator ended the call.</source>
        <translation>The operator ended the call.</translation>
    </message>
    <message>
        <source>The emergency line was busy.</source>
        <translation>The emergency line was busy.</translation>
    </message>
    <message>
        <source>The call could not be connected.</source>
        <translation>The call could not be connected.</translation>
    </message>
    <message>
        <source>Nobody answered.</source>
        <translation>Nobody answered.</translation>
    </message>
    <message>
        <source>The telephone has a fault.</source>
        <translation>The telephone has a fault.</translation>
    </message>
    <message>
        <source>The telephone is not responding.</source>
        <translation>The telephone is not responding.</translation>
    </message>
    <message>
        <source>The telephone is disconnected.</source>
        <translation>The telephone is disconnected.</translation>
    </message>
    <message>
        <source>This kiosk has no telephone line.</source>
        <translation>This kiosk has no telephone line.</translation>
    </message>
    <message>
        <source>The call reached its time limit.</source>
        <translation>The call reached its time limit.</translation>
    </message>
    <message>
        <source>The telephone restarted and the call was cut off.</source>
        <translation>The telephone restarted and the call was cut off.</translation>
    </message>
    <message>
        <source>The telephone service is not running.</source>
        <translation>The telephone service is not running.</translation>
    </message>
    <message>
        <source>Calling %1. Please wait.</source>
        <translation>Calling %1. Please wait.</translation>
    </message>
    <message>
        <source>Ringing. An operator will answer.</source>
        <translation>Ringing. An operator will answer.</translation>
    </message>
    <message>
        <source>Connected to the police. Speak into the handset.</source>
        <translation>Connected to the police. Speak into the handset.</translation>
    </message>
    <message>
        <source>Connection trouble. Stay on the line: the call may still be connected.</source>
        <translation>Connection trouble. Stay on the line: the call may still be connected.</translation>
    </message>
    <message>
        <source>%1 is busy or unreachable — now trying %2.</source>
        <translation>%1 is busy or unreachable — now trying %2.</translation>
    </message>
    <message>
        <source>Connection trouble — stay on the line</source>
        <translation>Connection trouble — stay on the line</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>No call</translation>
    </message>
    <message>
        <source>There is no mobile network here right now.</source>
        <translation>There is no mobile network here right now.</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>The call ended.</translation>
    </message>
    <message>
        <source>The handset is still lifted: touch Call again to try once more.</source>
        <translation>The handset is still lifted: touch Call again to try once more.</translation>
    </message>
    <message>
        <source>Lift the handset or touch Call again to try again. You can also send a written report.</source>
        <translation>Lift the handset or touch Call again to try again. You can also send a written report.</translation>
    </message>
    <message>
        <source>Lift the handset and speak.</source>
        <translation>Lift the handset and speak.</translation>
    </message>
    <message>
        <source>Speak into the handset.</source>
        <translation>Speak into the handset.</translation>
    </message>
    <message>
        <source>This screen closes in %1 s.</source>
        <translation>This screen closes in %1 s.</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>Call time</translation>
    </message>
    <message>
        <source>The operator writes: %1</source>
        <translation>The operator writes: %1</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>Emergency call</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>End call</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>Call again</translation>
    </message>
    <message>
        <source>Call 110 again</source>
        <translation>Call 110 again</translation>
    </message>
    <message>
        <source>Keep this screen</source>
        <translation>Keep this screen</translation>
    </message>
    <message>
        <source>I cannot speak or hear</source>
        <translation>I cannot speak or hear</translation>
    </message>
    <message>
        <source>Tell the operator and answer in writing</source>
        <translation>Tell the operator and answer in writing</translation>
    </message>
</context>
<context>
    <name>CategoryScreen</name>
    <message>
        <source>What do you want to report?</source>
        <translation>What do you want to report?</translation>
    </message>
    <message>
        <source>Emergency now — call or alert at once</source>
        <translation>Emergency now — call or alert at once</translation>
    </message>
    <message>
        <source>Theft, loss and information</source>
        <translation>Theft, loss and information</translation>
    </message>
    <message>
        <source>Phone or wallet stolen or lost</source>
        <translation>Phone or wallet stolen or lost</translation>
    </message>
    <message>
        <source>Report what was taken and get the next steps on paper</source>
        <translation>Report what was taken and get the next steps on paper</translation>
    </message>
    <message>
        <source>What do you want to report? Emergencies are at the top.</source>
        <translation>What do you want to report? Emergencies are at the top.</translation>
    </message>
</context>
<context>
    <name>ConfirmHome</name>
    <message>
        <source>Discard your report?</source>
        <translation>Discard your report?</translation>
    </message>
    <message>
        <source>What you wrote will be deleted and you go back to the start. Your language and settings stay.</source>
        <translation>What you wrote will be deleted and you go back to the start. Your language and settings stay.</translation>
    </message>
    <message>
        <source>Keep writing</source>
        <translation>Keep writing</translation>
    </message>
    <message>
        <source>Discard and go to the start</source>
        <translation>Discard and go to the start</translation>
    </message>
</context>
<context>
    <name>ContactScreen</name>
    <message>
        <source>It is optional: touch Clear to leave it out.</source>
        <translation>It is optional: touch Clear to leave it out.</translation>
    </message>
    <message>
        <source>A NIK has 16 digits; this one has %1. Please check it on your KTP.</source>
        <translation>A NIK has 16 digits; this one has %1. Please check it on your KTP.</translation>
    </message>
    <message>
        <source>This NIK does not look right. Please check it on your KTP.</source>
        <translation>This NIK does not look right. Please check it on your KTP.</translation>
    </message>
    <message>
        <source>This does not look like an Indonesian phone number, e.g. 0812 3456 7890.</source>
        <translation>This does not look like an Indonesian phone number, e.g. 0812 3456 7890.</translation>
    </message>
    <message>
        <source>This does not look like an e-mail address, e.g. nama@contoh.id.</source>
        <translation>This does not look like an e-mail address, e.g. nama@contoh.id.</translation>
    </message>
    <message>
        <source>The name has signs that cannot be printed. Please type it again with letters only.</source>
        <translation>The name has signs that cannot be printed. Please type it again with letters only.</translation>
    </message>
    <message>
        <source>Please shorten the name to %1 letters.</source>
        <translation>Please shorten the name to %1 letters.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Another phone number</source>
        <translation>Another phone number</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>How can the police reach you? (optional)</source>
        <translation>How can the police reach you? (optional)</translation>
    </message>
    <message>
        <source>You may leave these empty. No phone now? Give another number or an e-mail address.</source>
        <translation>You may leave these empty. No phone now? Give another number or an e-mail address.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Leave this field out</source>
        <translation>Leave this field out</translation>
    </message>
    <message>
        <source>Your name and how to reach you are optional. Touch Next to continue.</source>
        <translation>Your name and how to reach you are optional. Touch Next to continue.</translation>
    </message>
    <message>
        <source>NIK (KTP number)</source>
        <translation>NIK (KTP number)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>DescribeScreen</name>
    <message>
        <source>What happened?</source>
        <translation>What happened?</translation>
    </message>
    <message>
        <source>Please write a few words about what happened. If you cannot type, touch Call 110 below and talk to the police.</source>
        <translation>Please write a few words about what happened. If you cannot type, touch Call 110 below and talk to the police.</translation>
    </message>
    <message>
        <source>Tell us what happened (optional)</source>
        <translation>Tell us what happened (optional)</translation>
    </message>
    <message>
        <source>For example: my bag was taken on the platform towards Lebak Bulus</source>
        <translation>For example: my bag was taken on the platform towards Lebak Bulus</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation>Report: %1</translation>
    </message>
    <message>
        <source>You may write what happened, or touch Next to skip.</source>
        <translation>You may write what happened, or touch Next to skip.</translation>
    </message>
    <message>
        <source>Write what happened, then touch Next.</source>
        <translation>Write what happened, then touch Next.</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>The printer is ready again. Touch Print again.</source>
        <translation>The printer is ready again. Touch Print again.</translation>
    </message>
    <message>
        <source>it is out of paper</source>
        <translation>it is out of paper</translation>
    </message>
    <message>
        <source>its cover is open</source>
        <translation>its cover is open</translation>
    </message>
    <message>
        <source>this kiosk has no printer</source>
        <translation>this kiosk has no printer</translation>
    </message>
    <message>
        <source>Take your receipt from the printer below.</source>
        <translation>Take your receipt from the printer below.</translation>
    </message>
    <message>
        <source>The receipt could not be printed (%1). Your report is safe. Please write down the report number.</source>
        <translation>The receipt could not be printed (%1). Your report is safe. Please write down the report number.</translation>
    </message>
    <message>
        <source>The printer is ready again. Touch Print again for your receipt.</source>
        <translation>The printer is ready again. Touch Print again for your receipt.</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>Printing your receipt…</translation>
    </message>
    <message>
        <source>A police operator has your alert.</source>
        <translation>A police operator has your alert.</translation>
    </message>
    <message>
        <source>A police operator has your report.</source>
        <translation>A police operator has your report.</translation>
    </message>
    <message>
        <source>Delivered to the 110 centre; officers are being notified.</source>
        <translation>Delivered to the 110 centre; officers are being notified.</translation>
    </message>
    <message>
        <source>Delivered to the 110 centre.</source>
        <translation>Delivered to the 110 centre.</translation>
    </message>
    <message>
        <source>Saved on this kiosk. It goes to the 110 centre as soon as the connection allows; this screen will say when it has arrived.</source>
        <translation>Saved on this kiosk. It goes to the 110 centre as soon as the connection allows; this screen will say when it has arrived.</translation>
    </message>
    <message>
        <source>Sorry, this kiosk could not store your report. Please call 110 now: touch Call 110 or lift the handset. You can also tell the station staff.</source>
        <translation>Sorry, this kiosk could not store your report. Please call 110 now: touch Call 110 or lift the handset. You can also tell the station staff.</translation>
    </message>
    <message>
        <source>Your alert is saved</source>
        <translation>Your alert is saved</translation>
    </message>
    <message>
        <source>Your report is saved</source>
        <translation>Your report is saved</translation>
    </message>
    <message>
        <source>Your report number:</source>
        <translation>Your report number:</translation>
    </message>
    <message>
        <source>Report number %1</source>
        <translation>Report number %1</translation>
    </message>
    <message>
        <source>What to do now: stay near this kiosk if it is safe, so the officers can find you. In danger? Move away and call 110.</source>
        <translation>What to do now: stay near this kiosk if it is safe, so the officers can find you. In danger? Move away and call 110.</translation>
    </message>
    <message>
        <source>What happens next: the 110 centre reads your report. Keep your report number; the police may contact you if you gave a way to reach you.</source>
        <translation>What happens next: the 110 centre reads your report. Keep your report number; the police may contact you if you gave a way to reach you.</translation>
    </message>
    <message>
        <source>What to do next:</source>
        <translation>What to do next:</translation>
    </message>
    <message>
        <source>Add details (optional)</source>
        <translation>Add details (optional)</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>Print again</translation>
    </message>
    <message>
        <source>Your report could not be saved. Please call 110: touch Call 110 or lift the handset.</source>
        <translation>Your report could not be saved. Please call 110: touch Call 110 or lift the handset.</translation>
    </message>
    <message>
        <source>Saved. Your report number is %1.</source>
        <translation>Saved. Your report number is %1.</translation>
    </message>
    <message>
        <source>it is not responding</source>
        <translation>it is not responding</translation>
    </message>
    <message>
        <source>Your report could not be saved</source>
        <translation>Your report could not be saved</translation>
    </message>
    <message>
        <source>Saving your report…</source>
        <translation>Saving your report…</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>End and delete what you entered</source>
        <translation>End and delete what you entered</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Call 110</translation>
    </message>
</context>
<context>
    <name>EmergencyBar</name>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Go to the previous step</source>
        <translation>Go to the previous step</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Go back to the start screen</source>
        <translation>Go back to the start screen</translation>
    </message>
    <message>
        <source>Change the language</source>
        <translation>Change the language</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>Voice guidance is on: it reads the screen aloud</source>
        <translation>Voice guidance is on: it reads the screen aloud</translation>
    </message>
    <message>
        <source>Voice guidance is off</source>
        <translation>Voice guidance is off</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>Large text is on</source>
        <translation>Large text is on</translation>
    </message>
    <message>
        <source>Large text is off</source>
        <translation>Large text is off</translation>
    </message>
    <message>
        <source>Listen again</source>
        <translation>Listen again</translation>
    </message>
    <message>
        <source>Read this screen aloud again</source>
        <translation>Read this screen aloud again</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Volume: low</source>
        <translation>Volume: low</translation>
    </message>
    <message>
        <source>Volume: medium</source>
        <translation>Volume: medium</translation>
    </message>
    <message>
        <source>Volume: high</source>
        <translation>Volume: high</translation>
    </message>
    <message>
        <source>Call 110 (hold 2 s)</source>
        <translation>Call 110 (hold 2 s)</translation>
    </message>
    <message>
        <source>Hold the button for 2 seconds to call</source>
        <translation>Hold the button for 2 seconds to call</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Call 110</translation>
    </message>
    <message>
        <source>Call the police now; your report is kept. Lifting the handset also calls 110.</source>
        <translation>Call the police now; your report is kept. Lifting the handset also calls 110.</translation>
    </message>
    <message>
        <source>Or lift the handset: it calls 110 from any screen and keeps what you wrote.</source>
        <translation>Or lift the handset: it calls 110 from any screen and keeps what you wrote.</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>End call</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Show the call</source>
        <translation>Show the call</translation>
    </message>
    <message>
        <source>On the call %1 · %2</source>
        <translation>On the call %1 · %2</translation>
    </message>
    <message>
        <source>Ringing %1…</source>
        <translation>Ringing %1…</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>Calling %1…</translation>
    </message>
</context>
<context>
    <name>EmergencyScreen</name>
    <message>
        <source>Call 110 now</source>
        <translation>Call 110 now</translation>
    </message>
    <message>
        <source>Talk to a police operator</source>
        <translation>Talk to a police operator</translation>
    </message>
    <message>
        <source>Send an alert without speaking</source>
        <translation>Send an alert without speaking</translation>
    </message>
    <message>
        <source>One touch: the police get what is happening and where this kiosk is</source>
        <translation>One touch: the police get what is happening and where this kiosk is</translation>
    </message>
    <message>
        <source>The alert sends “%1” and this place, %2, to the 110 centre at once. You do not need to type anything. You can add details afterwards.</source>
        <translation>The alert sends “%1” and this place, %2, to the 110 centre at once. You do not need to type anything. You can add details afterwards.</translation>
    </message>
    <message>
        <source>Write a report instead</source>
        <translation>Write a report instead</translation>
    </message>
    <message>
        <source>If you are in danger, move somewhere safe first. Lifting the handset also calls 110.</source>
        <translation>If you are in danger, move somewhere safe first. Lifting the handset also calls 110.</translation>
    </message>
    <message>
        <source>%1. Touch Call 110 now to talk to the police, or send an alert without speaking.</source>
        <translation>%1. Touch Call 110 now to talk to the police, or send an alert without speaking.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message numerus="yes">
        <source>Keep holding… %n%</source>
        <translation>
            <numerusform>Keep holding… %n%</numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>To call from the screen, keep your finger on the button for 2 seconds. Or lift the handset: it always calls 110 at once.</source>
        <translation>To call from the screen, keep your finger on the button for 2 seconds. Or lift the handset: it always calls 110 at once.</translation>
    </message>
    <message>
        <source>Back to the call</source>
        <translation>Back to the call</translation>
    </message>
    <message>
        <source>Call 110
(hold for 2 seconds)</source>
        <translation>Call 110
(hold for 2 seconds)</translation>
    </message>
    <message>
        <source>Talk to a police operator now. Free.</source>
        <translation>Talk to a police operator now. Free.</translation>
    </message>
    <message>
        <source>Need the police? Help is one touch away.</source>
        <translation>Need the police? Help is one touch away.</translation>
    </message>
    <message>
        <source>This help point: %1</source>
        <translation>This help point: %1</translation>
    </message>
    <message>
        <source>An emergency alert, a theft or loss, or a complaint; you get a printed receipt</source>
        <translation>An emergency alert, a theft or loss, or a complaint; you get a printed receipt</translation>
    </message>
    <message>
        <source>Check a report</source>
        <translation>Check a report</translation>
    </message>
    <message>
        <source>Type the report number from your receipt to see what the police have done</source>
        <translation>Type the report number from your receipt to see what the police have done</translation>
    </message>
    <message>
        <source>The handset is lifted. Touch Call 110 to call again.</source>
        <translation>The handset is lifted. Touch Call 110 to call again.</translation>
    </message>
    <message>
        <source>Or lift the handset: it calls 110 at once, from any screen.</source>
        <translation>Or lift the handset: it calls 110 at once, from any screen.</translation>
    </message>
    <message>
        <source>Police emergency help. Lift the handset to call 110, or touch the screen.</source>
        <translation>Police emergency help. Lift the handset to call 110, or touch the screen.</translation>
    </message>
    <message>
        <source>Hold the button for 2 seconds to call</source>
        <translation>Hold the button for 2 seconds to call</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Call 110</translation>
    </message>
    <message>
        <source>Make a report</source>
        <translation>Make a report</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Numbers and symbols</source>
        <translation>Numbers and symbols</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>Letters</translation>
    </message>
</context>
<context>
    <name>LookupScreen</name>
    <message>
        <source>Report number typed: %1</source>
        <translation>Report number typed: %1</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>nothing yet</translation>
    </message>
    <message>
        <source>A report number has 8 letters and digits, like KX4M-7HPA. Please check your receipt.</source>
        <translation>A report number has 8 letters and digits, like KX4M-7HPA. Please check your receipt.</translation>
    </message>
    <message>
        <source>Asking the 110 centre about %1…</source>
        <translation>Asking the 110 centre about %1…</translation>
    </message>
    <message>
        <source>a police operator has taken it up.</source>
        <translation>a police operator has taken it up.</translation>
    </message>
    <message>
        <source>officers have been sent.</source>
        <translation>officers have been sent.</translation>
    </message>
    <message>
        <source>the police have closed it.</source>
        <translation>the police have closed it.</translation>
    </message>
    <message>
        <source>saved on the kiosk where it was made; not yet at the 110 centre.</source>
        <translation>saved on the kiosk where it was made; not yet at the 110 centre.</translation>
    </message>
    <message>
        <source>the 110 centre has it; no operator has taken it up yet.</source>
        <translation>the 110 centre has it; no operator has taken it up yet.</translation>
    </message>
    <message>
        <source>an operator marked it as not a police matter. Call 110 if you need help.</source>
        <translation>an operator marked it as not a police matter. Call 110 if you need help.</translation>
    </message>
    <message>
        <source>the 110 centre knows no report with this number. Please check your receipt.</source>
        <translation>the 110 centre knows no report with this number. Please check your receipt.</translation>
    </message>
    <message>
        <source>this kiosk cannot ask the 110 centre right now. Please try again later, or call 110.</source>
        <translation>this kiosk cannot ask the 110 centre right now. Please try again later, or call 110.</translation>
    </message>
    <message>
        <source>Check a report</source>
        <translation>Check a report</translation>
    </message>
    <message>
        <source>Type the report number from your receipt.</source>
        <translation>Type the report number from your receipt.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Type the report number from your receipt, then touch Check.</source>
        <translation>Type the report number from your receipt, then touch Check.</translation>
    </message>
</context>
<context>
    <name>LostItemsScreen</name>
    <message>
        <source>chosen</source>
        <translation>chosen</translation>
    </message>
    <message>
        <source>not chosen</source>
        <translation>not chosen</translation>
    </message>
    <message>
        <source>Stolen</source>
        <translation>Stolen</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>Someone took it, e.g. a pickpocket</source>
        <translation>Someone took it, e.g. a pickpocket</translation>
    </message>
    <message>
        <source>You lost it or left it somewhere</source>
        <translation>You lost it or left it somewhere</translation>
    </message>
    <message>
        <source>Please touch at least one thing that was taken or lost.</source>
        <translation>Please touch at least one thing that was taken or lost.</translation>
    </message>
    <message>
        <source>Phone or wallet stolen or lost</source>
        <translation>Phone or wallet stolen or lost</translation>
    </message>
    <message>
        <source>What happened to it?</source>
        <translation>What happened to it?</translation>
    </message>
    <message>
        <source>What is missing? Touch everything that applies.</source>
        <translation>What is missing? Touch everything that applies.</translation>
    </message>
    <message>
        <source>Was it stolen or lost? Then touch everything that is missing, and touch Next.</source>
        <translation>Was it stolen or lost? Then touch everything that is missing, and touch Next.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Options:</source>
        <translation>Options:</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Here, at %1</source>
        <translation>Here, at %1</translation>
    </message>
    <message>
        <source>stolen</source>
        <translation>stolen</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>lost</translation>
    </message>
    <message>
        <source>(not written)</source>
        <translation>(not written)</translation>
    </message>
    <message>
        <source>Taken or lost</source>
        <translation>Taken or lost</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>Change: %1</translation>
    </message>
    <message>
        <source>Show less</source>
        <translation>Show less</translation>
    </message>
    <message>
        <source>See all</source>
        <translation>See all</translation>
    </message>
    <message>
        <source>Check your answers</source>
        <translation>Check your answers</translation>
    </message>
    <message>
        <source>Touch Change to correct an answer. Touch Send report when it is right.</source>
        <translation>Touch Change to correct an answer. Touch Send report when it is right.</translation>
    </message>
    <message>
        <source>Check your answers, then touch Send report.</source>
        <translation>Check your answers, then touch Send report.</translation>
    </message>
    <message>
        <source>NIK ending %1</source>
        <translation>NIK ending %1</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>none (anonymous)</source>
        <translation>none (anonymous)</translation>
    </message>
    <message>
        <source>Send report</source>
        <translation>Send report</translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message>
        <source>Still there?</source>
        <translation>Still there?</translation>
    </message>
    <message>
        <source>Touch the screen to continue. Otherwise everything you entered will be deleted.</source>
        <translation>Touch the screen to continue. Otherwise everything you entered will be deleted.</translation>
    </message>
    <message>
        <source>Yes, continue</source>
        <translation>Yes, continue</translation>
    </message>
</context>
<context>
    <name>TouchGuide</name>
    <message>
        <source>chosen</source>
        <translation>chosen</translation>
    </message>
    <message>
        <source>not chosen</source>
        <translation>not chosen</translation>
    </message>
    <message>
        <source>Touch again to choose.</source>
        <translation>Touch again to choose.</translation>
    </message>
</context>
<context>
    <name>WhenScreen</name>
    <message>
        <source>Just now</source>
        <translation>Just now</translation>
    </message>
    <message>
        <source>~30 minutes ago</source>
        <translation>~30 minutes ago</translation>
    </message>
    <message>
        <source>~2 hours ago</source>
        <translation>~2 hours ago</translation>
    </message>
    <message>
        <source>~6 hours ago</source>
        <translation>~6 hours ago</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <source>When did it happen?</source>
        <translation>When did it happen?</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>When did it happen? Then touch Next.</source>
        <translation>When did it happen? Then touch Next.</translation>
    </message>
</context>
<context>
    <name>WhereScreen</name>
    <message>
        <source>Somewhere else</source>
        <translation>Somewhere else</translation>
    </message>
    <message>
        <source>Then type the place</source>
        <translation>Then type the place</translation>
    </message>
    <message>
        <source>Here, at %1</source>
        <translation>Here, at %1</translation>
    </message>
    <message>
        <source>Please write where it happened, or choose this station.</source>
        <translation>Please write where it happened, or choose this station.</translation>
    </message>
    <message>
        <source>Where did it happen?</source>
        <translation>Where did it happen?</translation>
    </message>
    <message>
        <source>Place, e.g. the train to Lebak Bulus</source>
        <translation>Place, e.g. the train to Lebak Bulus</translation>
    </message>
    <message>
        <source>Where it happened</source>
        <translation>Where it happened</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Where did it happen? Then touch Next.</source>
        <translation>Where did it happen? Then touch Next.</translation>
    </message>
</context>
</TS>
